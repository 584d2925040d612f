package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same pipeline over bounded files, in batch mode (a backfill) and in streaming mode, produces
 * the same feature vectors.
 */
class BatchModeIntegrationTest {
  private static final int PARALLELISM = 2;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .build());

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

  private static List<Example> examples(Mode mode) {
    return new CollectingSink<Example>("examples-" + mode, false).received();
  }

  private static List<FeatureRow> run(Mode mode, Path transactions, Path labels) throws Exception {
    CollectingSink<FeatureRow> features = new CollectingSink<>("features-" + mode);
    IngestConfig config =
        IngestConfig.from(
            Settings.empty()
                .with(IngestSettings.MODE, mode)
                .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE));
    IngestJob job =
        new IngestJob(
            IngestJob.fileSource(transactions.toString(), "transactions"),
            IngestJob.fileSource(labels.toString(), "labels"),
            features,
            new CollectingSink<Example>("examples-" + mode),
            new CollectingSink<Rejected>("dead-letters-" + mode),
            config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    job.buildOn(env);
    long started = System.nanoTime();
    env.execute("files-" + mode); // bounded inputs: returns when the files are processed
    System.out.printf(
        "BatchModeIntegrationTest: %s run took %d ms%n",
        mode, (System.nanoTime() - started) / 1_000_000);
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
