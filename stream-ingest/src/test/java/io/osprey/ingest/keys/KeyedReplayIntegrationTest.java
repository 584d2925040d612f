package io.osprey.ingest.keys;

import static io.osprey.ingest.keys.KeyedHistory.byId;
import static io.osprey.ingest.keys.KeyedHistory.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.CollectingSink;
import io.osprey.ingest.Fixtures;
import io.osprey.ingest.IngestConfig;
import io.osprey.ingest.IngestJob;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.IngestSinks;
import io.osprey.ingest.IngestSources;
import io.osprey.ingest.file.FileEndpoints;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replayed history through the whole job on the event clock, with aggregates by merchant,
 * terminal and device and label-aware ones by terminal and card: events of different cards out of
 * order (a terminal's events arrive out of event-time order), labels arriving long after their
 * events and in no particular order, corrections (fraud, then not fraud), and events without a
 * terminal or device, or with an empty or 2 KB one. The keyed columns equal a brute-force oracle
 * that knows only what was known before each event, and batch mode gives exactly the streaming
 * run's vectors.
 */
class KeyedReplayIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int EVENTS = 400;

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  @Test
  void aReplayGivesTheOraclesValuesInStreamAndBatchAlike(@TempDir Path dir) throws Exception {
    KeyedHistory history = KeyedHistory.generate(13, EVENTS);
    Path transactions = dir.resolve("transactions.jsonl");
    Path labelFile = dir.resolve("labels.jsonl");
    Files.write(transactions, history.arrivals.stream().map(a -> a.pay().json()).toList());
    Files.write(labelFile, history.labelArrivals.stream().map(a -> a.label().json()).toList());

    Map<String, FeatureRow> streaming =
        byId(run("keyed-stream", Mode.STREAMING, transactions, labelFile));
    Map<String, FeatureRow> batch = byId(run("keyed-batch", Mode.BATCH, transactions, labelFile));

    assertThat(streaming).hasSize(EVENTS);
    assertThat(describe(batch)).isEqualTo(describe(streaming));
    history.assertKeyedColumnsAreTheOracles(streaming);
    List<Rejected> dead =
        new CollectingSink<Rejected>("dead-letters-keyed-stream", false).received();
    assertThat(dead).extracting(d -> d.stage).containsExactly(Rejected.JOIN);
  }

  private static List<FeatureRow> run(String name, Mode mode, Path transactions, Path labels)
      throws Exception {
    Settings settings =
        Settings.empty()
            .with(CommonSettings.FEATURE_SPEC, KeyedHistory.SPEC_PATH)
            .with(IngestSettings.MODE, mode)
            .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
            .with(IngestSettings.WATERMARK_OUT_OF_ORDERNESS, Duration.ofMinutes(15))
            .with(IngestSettings.LABEL_CORRECTION_HORIZON, Duration.ofDays(1))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
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
    env.execute("keyed-" + name);
    return features.received();
  }
}
