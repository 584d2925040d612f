package io.osprey.bench;

import io.osprey.bench.quality.ContenderScores;
import io.osprey.bench.quality.JudgedSpan;
import io.osprey.bench.quality.MaturedLabels;
import io.osprey.bench.quality.OwnKeyUpperBound;
import io.osprey.bench.quality.PreviousLabel;
import io.osprey.bench.quality.QualityEvaluation;
import io.osprey.bench.quality.QualityOptions;
import io.osprey.bench.quality.QualityReport;
import io.osprey.console.ConsoleSettings;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.Label;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringSettings;
import io.osprey.sources.replay.DatasetFetcher;
import io.osprey.sources.replay.Replay;
import io.osprey.sources.replay.ReplayDataset;
import io.osprey.sources.replay.ReplayPlan;
import io.osprey.sources.replay.ReplayProgress;
import io.osprey.sources.replay.ReplaySummary;
import io.osprey.system.DemoSettings;
import io.osprey.system.OspreySystem;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.intake.LabelledExample;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The quality half of the benchmark, for one dataset: starts the whole system with the dataset's
 * feature spec, replays the dataset's file at {@link #REPLAY_RATE} events a second (a downloaded
 * one, or the simulator's stream written for the run; labels interleaved at their label times),
 * waits until the last examples have matured, then judges four contenders on the same matured
 * examples:
 *
 * <ol>
 *   <li>the decisions the pipeline served ({@link ServedQuality}), end to end;
 *   <li>the online learner, the online logistic regression and the offline upper bound, recomputed
 *       prequentially from the pipeline's training examples ({@link QualityEvaluation}), the
 *       previous label, and the upper bound without keyed and label-aware features ({@link
 *       OwnKeyUpperBound}).
 * </ol>
 *
 * <p>Maturity runs on event time ({@link MaturityClock#EVENT}), so the replay's speed does not
 * change what a model could have known: an example reaches the trainer once the event-time
 * watermark has passed its maturity, as it would have live. At the end one orphan label far ahead
 * in time moves the labels' watermark past every window (the events' input is idle by then, so it
 * no longer holds the watermark back); it is dead-lettered as an orphan, by design.
 */
final class QualityRun {
  /** How long the examples may stay unchanged before the run counts them as complete. */
  private static final Duration SETTLED = Duration.ofSeconds(20);

  private static final Duration MAX_DRAIN = Duration.ofMinutes(15);

  /**
   * Events a second the replay sends at most. Flat out (30,000 payments in about 3 s) the replay
   * outran publication, so most events were scored by an early model and the served figures were a
   * race with the machine's speed (issue 14). At 1,000 a second the trainer (7,000 examples/s in
   * its benchmark's full loop) and the scorer (a p99 of 0.3 s at 1,000/s in the performance half)
   * keep up, so what is served depends on the label delay and the publication policy, as live.
   */
  static final double REPLAY_RATE = 1_000;

  private final Settings base;
  private final Path workDir;
  private final Path dataDir;
  private final DatasetFetcher fetcher;
  private final PrintStream log;

  /**
   * @param workDir where each dataset's system keeps its broker, checkpoints and state
   * @param dataDir where the datasets are (or are fetched to by {@code fetcher})
   */
  QualityRun(Settings base, Path workDir, Path dataDir, DatasetFetcher fetcher, PrintStream log) {
    this.base = base;
    this.workDir = workDir;
    this.dataDir = dataDir;
    this.fetcher = fetcher;
    this.log = log;
  }

  /**
   * The figures of one run of one dataset.
   *
   * @param run 1-based
   * @param report the recomputed contenders, per window (for the charts) and per example
   * @param contenders every contender's scores per example, rows of {@code output.examples()}:
   *     served first, the upper bound last
   * @param judged where the served figures (and so every contender's, in the table) start; empty
   *     when no trained model scored anything
   * @param servedPredictions the predictions read from {@code predictions}
   */
  record Outcome(
      QualityDataset dataset,
      int run,
      ReplaySummary replay,
      PipelineOutput output,
      QualityReport report,
      List<ContenderScores> contenders,
      Optional<JudgedSpan> judged,
      Duration elapsed,
      int servedPredictions) {

    /** The labels of the examples, 1 positive, 0 not. */
    double[] labels() {
      return output.examples().stream().mapToDouble(e -> e.fraud() ? 1 : 0).toArray();
    }

    /**
     * The same without the served predictions themselves (their scores stay in {@code contenders}):
     * 300,000 predictions take about 300 MB, and only the first run's are read again (the
     * per-window served series).
     */
    Outcome withoutPredictions() {
      return new Outcome(
          dataset,
          run,
          replay,
          new PipelineOutput(output.examples(), output.keys(), Map.of(), output.trainedThrough()),
          report,
          contenders,
          judged,
          elapsed,
          servedPredictions);
    }

    /** The first judged row: past the end when nothing is judged. */
    int judgedFrom() {
      return judged.map(JudgedSpan::fromRow).orElse(output.examples().size());
    }
  }

  Outcome run(QualityDataset dataset, int run) throws Exception {
    long start = System.nanoTime();
    String name = dataset.name();
    ReplayDataset data = dataset.source().prepare(dataDir, fetcher, workDir);
    Settings settings = systemSettings(dataset, run);
    try (OspreySystem system = OspreySystem.start(settings)) {
      Settings client = settings.with(CommonSettings.BOOTSTRAP_SERVERS, system.bootstrapServers());
      log.printf("quality %s: system up, replaying %s%n", name, data.file());
      ReplaySummary replay =
          new Replay(
                  new ReplayPlan(data, name + "-", dataset.slice(), ReplayPlan.MAX_SPEED)
                      .atMost(REPLAY_RATE),
                  client,
                  new ReplayProgress(log, ReplayProgress.Mode.LINES, name))
              .run();
      log.printf("quality %s: %s%n", name, replay.line());
      closeEveryWindow(system.bootstrapServers(), system.topics());
      awaitSettled(system, name);
      PipelineOutput output = PipelineOutput.read(system.bootstrapServers(), system.topics());
      log.printf(
          "quality %s: %,d matured examples, %,d predictions; evaluating contenders%n",
          name, output.examples().size(), output.predictions().size());
      QualityOptions options = QualityOptions.from(TrainerConfig.from(settings), dataset.windows());
      QualityReport report = QualityEvaluation.run(output.examples(), options);
      ContenderScores served = ServedScores.of(output.examples(), output.predictions());
      List<ContenderScores> contenders = new ArrayList<>();
      contenders.add(served);
      contenders.addAll(report.contenders().subList(0, report.contenders().size() - 1));
      contenders.add(
          MaturedLabels.scores(
              output.examples(),
              options
                  .learner()
                  .fresh(
                      options.shape(),
                      output.examples().get(0).values().length,
                      options.imbalance(),
                      options.wideAndDeep()),
              dataset.maturity(),
              options.batchSize()));
      contenders.add(PreviousLabel.scores(output.examples(), output.keys(), dataset.maturity()));
      ContenderScores upperBound = report.contenders().get(report.contenders().size() - 1);
      contenders.add(
          OwnKeyUpperBound.scores(
              FeatureSpecs.load(dataset.featureSpec()), output.examples(), options, upperBound));
      contenders.add(upperBound);
      long[] eventTimes =
          output.examples().stream().mapToLong(LabelledExample::eventTime).toArray();
      return new Outcome(
          dataset,
          run,
          replay,
          output,
          report,
          List.copyOf(contenders),
          JudgedSpan.of(
              served,
              ServedScores.scoredTimes(output.examples(), output.predictions()),
              eventTimes),
          Duration.ofNanos(System.nanoTime() - start),
          output.predictions().size());
    } finally {
      // The broker's and the lake's data of this run: nothing a reader needs, and each run of
      // the full plan leaves hundreds of MB.
      WorkDirs.deleteQuietly(systemDir(dataset, run));
    }
  }

  private Path systemDir(QualityDataset dataset, int run) {
    return workDir.resolve("system-" + dataset.name() + "-run" + run).toAbsolutePath();
  }

  private Settings systemSettings(QualityDataset dataset, int run) {
    Path dataDir = systemDir(dataset, run);
    return base.with(DemoSettings.DATA_DIR, dataDir.toString())
        .with(DemoSettings.SIMULATOR_ENABLED, false)
        // Ephemeral ports: the run must not collide with a demo running on this machine.
        .with(DemoSettings.KAFKA_PORT, 0)
        .with(DemoSettings.MONITOR_METRICS_PORT, 0)
        .with(DemoSettings.FLINK_METRICS_PORT, 0)
        .with(ScoringSettings.METRICS_PORT, 0)
        .with(ScoringSettings.HTTP_PORT, 0)
        .with(TrainerSettings.METRICS_PORT, 0)
        // no console: its consumer would be measured with the system
        .with(ConsoleSettings.PORT, -1)
        .with(CommonSettings.TOPIC_PREFIX, "quality-" + dataset.name() + "-")
        .with(CommonSettings.FEATURE_SPEC, dataset.featureSpec())
        .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
        .with(IngestSettings.MATURITY_WINDOW, dataset.maturity())
        // The replay sends labels far ahead of what ingest has processed, and the labels' input
        // races ahead in event time. A vector input that stalls under backpressure is marked idle
        // and stops holding the join's watermark back, so an orphan label must be able to wait
        // well past its time for its vector; the end-of-replay label still closes everything.
        .with(IngestSettings.ORPHAN_LABEL_HORIZON, Duration.ofDays(30));
  }

  /** One label for no event, dated now: see the class comment. */
  private static void closeEveryWindow(String bootstrap, OspreyTopics topics) {
    Label marker =
        Label.newBuilder()
            .setEventId("osprey-quality-end-of-replay")
            .setFraud(false)
            .setLabelTime(System.currentTimeMillis())
            .setSource("osprey-quality")
            .build();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaClients.plaintext(bootstrap).producer("osprey-quality-marker"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topics.labels().name(),
              marker.getEventId(),
              JsonCodec.of(Label.class).encode(marker)));
    }
  }

  /** Waits until the count of training examples has stopped moving for {@link #SETTLED}. */
  private void awaitSettled(OspreySystem system, String name) throws InterruptedException {
    long deadline = System.nanoTime() + MAX_DRAIN.toNanos();
    long last = -1;
    long unchangedSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long now = system.monitor().trainingExamples();
      if (now != last) {
        last = now;
        unchangedSince = System.nanoTime();
        log.printf("quality %s: %,d training examples so far%n", name, now);
      } else if (System.nanoTime() - unchangedSince > SETTLED.toNanos()) {
        return;
      }
      TimeUnit.SECONDS.sleep(5);
    }
    log.printf(
        "quality %s: examples still arriving after %s; reporting what came%n", name, MAX_DRAIN);
  }
}
