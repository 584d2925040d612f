package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.currentExamples;
import static io.osprey.ingest.Fixtures.utf8;
import static io.osprey.ingest.keys.KeyedHistory.byId;
import static io.osprey.ingest.keys.KeyedHistory.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.StateBackend;
import io.osprey.ingest.JobMetrics;
import io.osprey.ingest.keys.KeyedHistory.Arrival;
import io.osprey.ingest.keys.KeyedHistory.LabelArrival;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.pipeline.PipelineRun;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point in time across a restore: a replayed history (payments out of event-time order, late
 * labels, corrections, bad keys) runs through the job on the event clock and the RocksDB backend
 * until half of it is sent, the job stops with a savepoint, a new job restored from it reads the
 * rest, and every vector (keyed, label-aware and entity columns alike) and every example equals
 * those of one uninterrupted run over the same input, and the keyed columns equal the oracle's.
 *
 * <p>At the savepoint the first job has emitted only part of the vectors of what it read: the
 * others wait in state, mostly as requests waiting for the watermark with their timers ({@code
 * keyed-features}), besides the key histories and their labels, the events' keys ({@code
 * label-keys}) and the label join's vectors.
 */
class KeyedRestoreIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int EVENTS = 300;

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  @Test
  void aJobRestoredFromASavepointGivesTheUninterruptedRunsVectors(@TempDir Path savepoints)
      throws Exception {
    KeyedHistory history = KeyedHistory.generate(22, EVENTS);
    long cut = history.arrivals.get(EVENTS / 2).sentAt();

    PipelineRun whole = PipelineRun.start("keyed-whole", settings(), PARALLELISM);
    send(whole, history.arrivals, history.labelArrivals);
    whole.finish();

    PipelineRun first = PipelineRun.start("keyed-restored", settings(), PARALLELISM);
    String savepoint;
    int beforeStop;
    try {
      send(
          first,
          history.arrivals.stream().filter(a -> a.sentAt() <= cut).toList(),
          history.labelArrivals.stream().filter(l -> l.sentAt() <= cut).toList());
      // Some vectors are out (the watermark passed them), the rest of the first half waits.
      JobMetrics.await(() -> assertThat(first.features()).hasSizeGreaterThan(EVENTS / 4));
    } finally {
      savepoint = first.stopWithSavepoint(savepoints);
    }
    beforeStop = first.features().size();
    assertThat(beforeStop).isLessThan(EVENTS / 2);

    PipelineRun second = PipelineRun.resume(first, savepoint, settings(), PARALLELISM);
    try {
      send(
          second,
          history.arrivals.stream().filter(a -> a.sentAt() > cut).toList(),
          history.labelArrivals.stream().filter(l -> l.sentAt() > cut).toList());
      second.finish();
    } finally {
      second.close();
    }

    // byId fails on an event id with two vectors: nothing was computed twice across the restore.
    var restored = byId(second.features());
    assertThat(describe(restored)).isEqualTo(describe(byId(whole.features())));
    history.assertKeyedColumnsAreTheOracles(restored);
    assertThat(currentExamples(second.trainingExamples()))
        .hasSize(EVENTS)
        .isEqualTo(currentExamples(whole.trainingExamples()));
    // The label of no event is one orphan, dead-lettered once, across the restore too.
    assertThat(second.deadLetters()).extracting(d -> d.stage).containsExactly(Rejected.JOIN);
  }

  private static void send(PipelineRun run, List<Arrival> payments, List<LabelArrival> labels) {
    payments.forEach(a -> run.transactions().send(a.pay().card(), utf8(a.pay().json())));
    labels.forEach(l -> run.labels().send(l.label().id(), utf8(l.label().json())));
  }

  private static Settings settings() {
    return Settings.empty()
        .with(CommonSettings.FEATURE_SPEC, KeyedHistory.SPEC_PATH)
        .with(IngestSettings.STATE_BACKEND, StateBackend.ROCKSDB)
        .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
        .with(IngestSettings.WATERMARK_OUT_OF_ORDERNESS, Duration.ofMinutes(15))
        .with(IngestSettings.LABEL_CORRECTION_HORIZON, Duration.ofDays(1))
        .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
  }
}
