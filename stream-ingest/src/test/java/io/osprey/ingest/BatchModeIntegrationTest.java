package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.currentExamples;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.file.FileEndpoints;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pipeline over bounded files, in batch mode (a backfill) and in streaming mode, produces
 * the same feature vectors, and on the event clock the same training examples.
 */
class BatchModeIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final String CARD_ONLY =
      Fixtures.DATASET_SPECS.resolve("payments-card.yaml").toString();

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  @Test
  void batchAndStreamingProduceTheSameFeatureVectors(@TempDir Path dir) throws Exception {
    Path transactions = dir.resolve("transactions.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    // Five cards, 200 payments in event-time order over about three hours, a repeat and a bad line.
    Random random = new Random(7);
    List<String> lines = new ArrayList<>();
    long t = Fixtures.T0;
    for (int i = 0; i < 200; i++) {
      t += 1 + random.nextInt((int) MINUTE);
      String card = "card-" + random.nextInt(5);
      String[] countries = {"NL", "DE"};
      lines.add(
          transactionJson(
              "tx-" + i,
              card,
              1 + random.nextInt(300),
              countries[random.nextInt(2)],
              random.nextBoolean() ? "ECOM" : "POS",
              "5411",
              t));
    }
    lines.add(lines.get(10));
    lines.add("not json");
    Files.write(transactions, lines);
    Files.write(labels, List.of(labelJson("tx-3", true, t), labelJson("tx-4", false, t)));

    // The card's own features (the card-only payments spec): in streaming mode on the processing
    // clock, keyed and label-aware features depend on arrival order across cards, which a batch
    // run sorts by key; their batch parity is KeyedReplayIntegrationTest's, on the event clock.
    Map<String, String> batch = vectors(run(Mode.BATCH, transactions, labels));
    Map<String, String> streaming = vectors(run(Mode.STREAMING, transactions, labels));

    assertThat(batch).hasSize(200);
    assertThat(batch).isEqualTo(streaming);
    // A backfill also matures every example: batch fires the timers at the end of each key.
    assertThat(examples(Mode.BATCH)).hasSize(200).filteredOn(e -> e.fraud).hasSize(1);
    assertThat(examples(Mode.BATCH)).filteredOn(e -> e.labelTime != null).hasSize(2);
    // The bad line is a dead letter that names its line (0-based) as the offset.
    assertThat(new CollectingSink<Rejected>("dead-letters-" + Mode.BATCH, false).received())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sourceTopic).isEqualTo("transactions");
              assertThat(r.sourceOffset).isEqualTo(201);
              assertThat(r.stage).isEqualTo(Rejected.PARSE);
            });
  }

  /**
   * {@code ingest.maturity.clock=event}: three hours of history replayed from files, as fast as
   * they can be read, in batch and in streaming mode, with a one-hour maturity window. Labels count
   * by their labelTime: one inside the window decides the example, one after it corrects it (a
   * later maturedTime), and both runs give exactly the same examples, as the live run would have.
   */
  @Test
  void onTheEventClockAReplayAtAnySpeedMaturesAsLiveTrafficWould(@TempDir Path dir)
      throws Exception {
    Path transactions = dir.resolve("transactions.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    long hour = Duration.ofHours(1).toMillis();
    List<String> payments = new ArrayList<>();
    List<String> labelLines = new ArrayList<>();
    Map<String, String> expected = new TreeMap<>();
    for (int i = 0; i < 120; i++) {
      long t = Fixtures.T0 + i * 90_000L;
      String id = "tx-" + i;
      payments.add(transactionJson(id, "card-" + i % 4, 10 + i, t));
      switch (i % 10) {
        case 0 -> {
          labelLines.add(labelJson(id, true, t + hour / 2)); // within the window: decides
          expected.put(id, "fraud=true labelTime=" + (t + hour / 2) + " matured=" + (t + hour));
        }
        case 5 -> {
          labelLines.add(labelJson(id, true, t + 3 * hour)); // after it: a correction
          expected.put(id, "fraud=true labelTime=" + (t + 3 * hour) + " matured=" + (t + 3 * hour));
        }
        case 7 -> {
          labelLines.add(labelJson(id, false, t + 60_000)); // an analyst's "not fraud"
          expected.put(id, "fraud=false labelTime=" + (t + 60_000) + " matured=" + (t + hour));
        }
        default -> expected.put(id, "fraud=false labelTime=null matured=" + (t + hour));
      }
    }
    Files.write(transactions, payments);
    Files.write(labels, labelLines);

    for (Mode mode : Mode.values()) {
      String name = "event-clock-" + mode;
      run(
          name,
          settings(mode)
              .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
              .with(IngestSettings.MATURITY_WINDOW, Duration.ofHours(1))
              .with(IngestSettings.LABEL_CORRECTION_HORIZON, Duration.ofDays(1)),
          transactions,
          labels);
      List<Example> examples = new CollectingSink<Example>("examples-" + name, false).received();
      assertThat(examples).as(name).hasSize(120 + 12); // one each, and 12 corrections
      assertThat(currentExamples(examples)).as(name).isEqualTo(expected);
      assertThat(new CollectingSink<Rejected>("dead-letters-" + name, false).received()).isEmpty();
    }
  }

  /**
   * History older than 2000 (a 1987 ledger) is dead-lettered by default, each record naming the
   * bound and {@code ingest.time.earliest}; with that setting moved, the same files give every
   * vector and example, labels included.
   */
  @Test
  void historyBefore2000ReplaysOnceTheEarliestTimeIsMoved(@TempDir Path dir) throws Exception {
    Path transactions = dir.resolve("transactions.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    long t0 = java.time.Instant.parse("1987-10-19T09:30:00Z").toEpochMilli();
    List<String> payments = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      payments.add(transactionJson("old-" + i, "card-" + i % 3, 10 + i, t0 + i * MINUTE));
    }
    Files.write(transactions, payments);
    Files.write(labels, List.of(labelJson("old-4", true, t0 + 50 * MINUTE)));

    run("old-default", settings(Mode.BATCH), transactions, labels);
    List<Rejected> refused =
        new CollectingSink<Rejected>("dead-letters-old-default", false).received();
    assertThat(refused).hasSize(41);
    assertThat(refused)
        .allSatisfy(
            r ->
                assertThat(r.reason)
                    .contains("is before 2000-01-01")
                    .contains("set " + IngestSettings.TIME_EARLIEST.key()));

    List<FeatureRow> vectors =
        run(
            "old-moved",
            settings(Mode.BATCH)
                .with(IngestSettings.TIME_EARLIEST, java.time.Instant.parse("1980-01-01T00:00:00Z"))
                .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
                .with(IngestSettings.MATURITY_WINDOW, Duration.ofHours(1)),
            transactions,
            labels);
    assertThat(vectors).hasSize(40);
    assertThat(new CollectingSink<Rejected>("dead-letters-old-moved", false).received()).isEmpty();
    assertThat(new CollectingSink<Example>("examples-old-moved", false).received())
        .hasSize(40)
        .filteredOn(e -> e.fraud)
        .extracting(e -> e.features.eventId)
        .containsExactly("old-4");
  }

  private static List<Example> examples(Mode mode) {
    return new CollectingSink<Example>("examples-" + mode, false).received();
  }

  private static List<FeatureRow> run(Mode mode, Path transactions, Path labels) throws Exception {
    return run(mode.toString(), settings(mode), transactions, labels);
  }

  private static Settings settings(Mode mode) {
    return Settings.empty()
        .with(CommonSettings.FEATURE_SPEC, CARD_ONLY)
        .with(IngestSettings.MODE, mode)
        .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
  }

  /** Runs the job over the files to the end; outputs go to the sinks named {@code *-name}. */
  private static List<FeatureRow> run(
      String name, Settings settings, Path transactions, Path labels) throws Exception {
    CollectingSink<FeatureRow> features = new CollectingSink<>("features-" + name);
    IngestJob job =
        new IngestJob(
            new IngestSources(
                FileEndpoints.lines(transactions.toString(), "transactions"),
                FileEndpoints.lines(labels.toString(), "labels")),
            IngestSinks.of(
                features,
                new CollectingSink<Example>("examples-" + name),
                new CollectingSink<Rejected>("dead-letters-" + name)),
            IngestConfig.from(settings));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    job.buildOn(env);
    long started = System.nanoTime();
    env.execute("files-" + name); // bounded inputs: returns when the files are processed
    System.out.printf(
        "BatchModeIntegrationTest: %s run took %d ms%n",
        name, (System.nanoTime() - started) / 1_000_000);
    return features.received();
  }

  /** What a vector says, by event id (not when it was computed). */
  private static Map<String, String> vectors(List<FeatureRow> rows) {
    return rows.stream()
        .collect(
            Collectors.toMap(
                r -> r.eventId,
                r ->
                    r.entityId
                        + " "
                        + r.eventTime
                        + " "
                        + r.specHash
                        + " late="
                        + r.late
                        + " "
                        + Arrays.toString(r.values)));
  }
}
