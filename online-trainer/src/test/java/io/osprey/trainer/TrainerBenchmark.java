package io.osprey.trainer;

import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.bootstrap.BatchTrainer;
import io.osprey.trainer.bootstrap.LakeBootstrap;
import io.osprey.trainer.bootstrap.LakeExamples;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.Learner;
import io.osprey.trainer.learning.NetworkLearner;
import io.osprey.trainer.learning.OnlineLogisticRegression;
import io.osprey.trainer.testing.LakeFiles;
import io.osprey.trainer.testing.SyntheticPayments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The trainer's throughput and bootstrap time, measured on this machine. Not a test (timings on a
 * shared machine are noisy, so nothing is asserted); run it with
 *
 * <pre>
 * mvn -o -pl online-trainer -Pbench -DskipTests test-compile \
 *     org.codehaus.mojo:exec-maven-plugin:3.5.0:exec@bench [-Dbench.args="lake.rows=200000"]
 * </pre>
 *
 * Three figures, each on synthetic payments with a learnable pattern (5 % fraud, a fifth of it
 * camouflaged as normal payments):
 *
 * <ol>
 *   <li><b>online update path</b>: {@link Learner#evaluateThenFit} on mini-batches of 64 (score,
 *       update the normaliser, one gradient step), with one ND4J thread per core and with the
 *       trainer's default of one, then with the logistic-regression baseline as the trainer runs
 *       it;
 *   <li><b>full loop from the topic</b>: an {@link OnlineTrainer} with default settings (hold-out,
 *       gate, calibration, baseline, a transactional publication every 2,048 examples) on an
 *       embedded broker, from start until every example sent beforehand is trained or held out;
 *   <li><b>bootstrap from the lake</b>: Parquet files in the lake layout (1 % of rows replayed),
 *       read and deduplicated alone, then the whole {@link LakeBootstrap} (read, time split, epochs
 *       with early stopping, calibration, publication) with default settings.
 * </ol>
 *
 * Arguments ({@code key=value}): {@code lake.rows} (1000000), {@code online.examples} (200000),
 * {@code topic.examples} (100000), {@code lake.dir} (a temporary directory, deleted afterwards).
 */
public final class TrainerBenchmark {
  private static final double FRAUD_RATE = 0.05;
  private static final double CAMOUFLAGE = 0.2;
  private static final int ONLINE_BATCH = 64;
  private static final Duration STALL = Duration.ofMinutes(2);

  private static Settings overrides = Settings.empty();

  private TrainerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      options.put(pair[0], pair.length > 1 ? pair[1] : "");
    }
    int lakeRows = Integer.parseInt(options.getOrDefault("lake.rows", "1000000"));
    int onlineExamples = Integer.parseInt(options.getOrDefault("online.examples", "200000"));
    int topicExamples = Integer.parseInt(options.getOrDefault("topic.examples", "100000"));
    // Any trainer.* argument is a trainer setting for both runs, e.g.
    // trainer.learner=WIDE_AND_DEEP.
    Map<String, String> trainerSettings = new HashMap<>();
    options.forEach(
        (key, value) -> {
          if (key.startsWith("trainer.")) {
            trainerSettings.put(key, value);
          }
        });
    overrides = Settings.of(trainerSettings);
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "trainer benchmark: %d cores, max heap %d MiB, Java %s%n",
        runtime.availableProcessors(),
        runtime.maxMemory() >> 20,
        System.getProperty("java.version"));

    onlineUpdatePath(onlineExamples);
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      fullLoop(kafka.bootstrapServers(), topicExamples);
      String dir = options.get("lake.dir");
      Path lake = dir == null ? Files.createTempDirectory("osprey-bench-lake-") : Path.of(dir);
      try {
        bootstrap(kafka.bootstrapServers(), lake, lakeRows);
      } finally {
        if (dir == null) {
          deleteRecursively(lake);
        }
      }
    }
  }

  /**
   * The update path with ND4J's own thread count (one per core) and with the trainer's default
   * ({@code trainer.native.threads}), the baseline's cost on top, and the default once more.
   */
  private static void onlineUpdatePath(int examples) {
    List<TrainingBatch> batches =
        batches(new SyntheticPayments(1, FRAUD_RATE, CAMOUFLAGE), examples);
    TrainerConfig config = TrainerConfig.from(overrides);
    int cores = Runtime.getRuntime().availableProcessors();
    // The default configuration once more at the end: the first runs also warm up the JIT.
    int one = config.nativeThreads();
    int[] threads = {cores, one, one, one};
    boolean[] baselines = {false, false, true, false};
    for (int run = 0; run < threads.length; run++) {
      boolean withBaseline = baselines[run];
      Dl4jMlp.limitNativeThreads(threads[run]);
      NetworkLearner learner =
          config
              .learner()
              .fresh(
                  config.shape(),
                  FeatureLayout.PAYMENTS.size(),
                  config.imbalance(),
                  config.wideAndDeep());
      OnlineLogisticRegression baseline =
          new OnlineLogisticRegression(
              FeatureLayout.PAYMENTS.size(),
              config.baselineLearningRate(),
              config.shape().l2(),
              config.imbalance(),
              1);
      int warmUp = Math.min(300, batches.size() / 4);
      for (int i = 0; i < warmUp; i++) {
        learner.evaluateThenFit(batches.get(i));
        if (withBaseline) {
          baseline.evaluateThenFit(batches.get(i));
        }
      }
      long start = System.nanoTime();
      int measured = 0;
      for (int i = warmUp; i < batches.size(); i++) {
        learner.evaluateThenFit(batches.get(i));
        if (withBaseline) {
          baseline.evaluateThenFit(batches.get(i));
        }
        measured += batches.get(i).size();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "online update path, batches of %d, %d native thread(s)%s: %,d examples in %.2f s ="
              + " %,.0f examples/s (%.0f µs per batch)%n",
          ONLINE_BATCH,
          threads[run],
          withBaseline ? " + logistic-regression baseline" : "",
          measured,
          seconds,
          measured / seconds,
          seconds * 1e6 / (batches.size() - warmUp));
    }
  }

  private static void fullLoop(String bootstrap, int examples) throws Exception {
    String prefix = "bench.";
    OspreyTopics topics = OspreyTopics.withPrefix(prefix);
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 4);
    long onTopic =
        sendAll(bootstrap, topics, new SyntheticPayments(2, FRAUD_RATE, CAMOUFLAGE).next(examples));
    Settings settings =
        TestSigning.settings()
            .overriddenBy(overrides)
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, prefix);
    long start = System.nanoTime();
    try (OnlineTrainer trainer = OnlineTrainer.start(settings, MetricsEndpoint.newRegistry())) {
      long seen = 0;
      long lastProgress = System.nanoTime();
      long end = start;
      while (seen < onTopic) {
        if (!trainer.isRunning()) {
          throw new IllegalStateException("trainer stopped", trainer.failure().orElse(null));
        }
        if (System.nanoTime() - lastProgress > STALL.toNanos()) {
          System.out.printf(Locale.ROOT, "(no progress for %s: measured up to here)%n", STALL);
          break;
        }
        Thread.sleep(20);
        long now = trainer.examplesTrained() + trainer.examplesHeldOut();
        if (now > seen) {
          seen = now;
          lastProgress = System.nanoTime();
          end = lastProgress;
        }
      }
      onTopic = seen;
      double seconds = (end - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "full loop from the topic (default settings, 4 partitions): %,d examples in %.2f s ="
              + " %,.0f examples/s (%,d trained, %,d held out, latest version v%d)%n",
          onTopic,
          seconds,
          onTopic / seconds,
          trainer.examplesTrained(),
          trainer.examplesHeldOut(),
          trainer.latestPublishedVersion().orElse(0));
    }
  }

  /**
   * Sends the examples and waits for each acknowledgement: a loaded broker can refuse a batch, and
   * the loop must wait for what is really on the topic.
   *
   * @return how many were written
   */
  private static long sendAll(
      String bootstrap, OspreyTopics topics, List<Map.Entry<String, TrainingExample>> examples)
      throws InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(examples.size());
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
      for (Map.Entry<String, TrainingExample> example : examples) {
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    topics.trainingExamples().name(),
                    topics.trainingExamples().serializeKey(example.getKey()),
                    topics.trainingExamples().serializeValue(example.getValue()))));
      }
      producer.flush();
    }
    long written = 0;
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
        written++;
      } catch (ExecutionException e) {
        // counted out: the trainer cannot see it
      }
    }
    if (written < examples.size()) {
      System.out.printf(
          Locale.ROOT,
          "(%,d of %,d examples were refused by the broker)%n",
          examples.size() - written,
          examples.size());
    }
    return written;
  }

  private static void bootstrap(String bootstrap, Path lake, int rows) throws IOException {
    long start = System.nanoTime();
    writeLake(lake, rows);
    System.out.printf(
        Locale.ROOT,
        "wrote %,d lake rows (+1%% replayed) in %.1f s, %,d MiB on disk at %s%n",
        rows,
        (System.nanoTime() - start) / 1e9,
        size(lake) >> 20,
        lake);

    start = System.nanoTime();
    LakeExamples.Read read = LakeExamples.read(lake, FeatureLayout.PAYMENTS);
    System.out.printf(
        Locale.ROOT,
        "read and deduplicated %,d rows from %d files into %,d examples in %.1f s%n",
        read.rows(),
        read.files(),
        read.examples().size(),
        (System.nanoTime() - start) / 1e9);
    read = null; // let the bootstrap have the heap

    String prefix = "bench-lake.";
    TopicAdmin.ensureTopics(bootstrap, OspreyTopics.withPrefix(prefix).all(), 1);
    Settings settings =
        TestSigning.settings()
            .overriddenBy(overrides)
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, prefix);
    start = System.nanoTime();
    ModelEnvelope envelope = LakeBootstrap.run(settings, lake);
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> metrics = envelope.getMetrics();
    System.out.printf(
        Locale.ROOT,
        "bootstrap from %,d lake rows (read, split, %d epochs with early stopping at best epoch"
            + " %d, calibration, publication): %.1f s; validation PR-AUC %.4f on %,d examples%n",
        rows,
        metrics.get(BatchTrainer.EPOCHS).intValue(),
        metrics.get(BatchTrainer.BEST_EPOCH).intValue(),
        seconds,
        metrics.get("pr_auc"),
        metrics.get(BatchTrainer.VALIDATION_EXAMPLES).longValue());
  }

  /** Rows one second apart (so about 12 date partitions per million), 50,000 per file. */
  private static void writeLake(Path lake, int rows) throws IOException {
    SyntheticPayments payments = new SyntheticPayments(3, FRAUD_RATE, CAMOUFLAGE);
    int chunk = 50_000;
    List<TrainingExample> replayed = new ArrayList<>();
    for (int start = 0; start < rows; start += chunk) {
      List<TrainingExample> part =
          payments.next(Math.min(chunk, rows - start)).stream().map(Map.Entry::getValue).toList();
      LakeFiles.write(lake, part, chunk, "c" + start);
      replayed.addAll(part.subList(0, part.size() / 100));
    }
    LakeFiles.write(lake, replayed, chunk, "replay");
  }

  private static List<TrainingBatch> batches(SyntheticPayments payments, int examples) {
    List<LabelledExample> all = payments.labelled(examples);
    List<TrainingBatch> batches = new ArrayList<>();
    for (int start = 0; start + ONLINE_BATCH <= all.size(); start += ONLINE_BATCH) {
      batches.add(LabelledExample.batch(all.subList(start, start + ONLINE_BATCH)));
    }
    return batches;
  }

  private static long size(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(TrainerBenchmark::size0).sum();
    }
  }

  private static long size0(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
