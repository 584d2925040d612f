package io.osprey.scoring;

import io.osprey.scoring.ScoringSettings.EmittedDecisionsMode;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The prediction already emitted for each event id, so that an event scored again gets the same
 * decision. Ingest runs at-least-once into {@code features}: after a crash the Flink job resumes
 * from its last checkpoint and sends the vectors since then once more, and the scorer may by then
 * serve a newer model; without this store one payment could be approved by the first prediction and
 * declined by the second. With it, the second time re-emits the first prediction's bytes.
 *
 * <p>A task-local RocksDB window store keyed by event id, stamped with the wall-clock time the
 * decision was made (not the event's time: a hostile far-future event time must not expire every
 * other entry). Segments older than {@code scoring.decisions.retention} are dropped whole, so the
 * store holds about retention × rate entries and needs no clean-up pass. The {@code features} topic
 * is keyed by entity and an event keeps its entity, so its second vector reaches the same task and
 * finds the entry. An event id reused on another entity may land in another task: that is ingest's
 * dedupe to catch, before features.
 *
 * <p>The cost is a RocksDB put per prediction and, with the changelog (the default, so that the
 * memory survives the loss of the scorer's disk or a move of the task), a changelog record per
 * prediction; see scoring-topology/README.md for the measured throughput.
 */
final class EmittedDecisions {
  static final String NAME = "scoring-emitted-decisions";

  /** Windows are one millisecond: only the segment a decision falls in matters, for expiry. */
  private static final Duration WINDOW = Duration.ofMillis(1);

  private final WindowStore<String, byte[]> store;
  private final long retentionMillis;

  EmittedDecisions(WindowStore<String, byte[]> store, Duration retention) {
    this.store = store;
    this.retentionMillis = retention.toMillis();
  }

  static boolean enabled(ScoringConfig config) {
    return config.emittedDecisions() != EmittedDecisionsMode.OFF;
  }

  static StoreBuilder<WindowStore<String, byte[]>> builder(ScoringConfig config) {
    StoreBuilder<WindowStore<String, byte[]>> builder =
        Stores.windowStoreBuilder(
                Stores.persistentWindowStore(NAME, config.decisionRetention(), WINDOW, false),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingDisabled();
    return config.emittedDecisions() == EmittedDecisionsMode.LOCAL
        ? builder.withLoggingDisabled()
        : builder;
  }

  /** The prediction bytes emitted for {@code eventId} within the retention, or null. */
  byte[] emitted(String eventId, long nowMillis) {
    try (WindowStoreIterator<byte[]> found =
        store.backwardFetch(eventId, nowMillis - retentionMillis, nowMillis)) {
      return found.hasNext() ? found.next().value : null;
    }
  }

  void remember(String eventId, byte[] prediction, long nowMillis) {
    store.put(eventId, prediction, nowMillis);
  }
}
