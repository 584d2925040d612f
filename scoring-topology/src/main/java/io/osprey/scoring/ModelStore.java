package io.osprey.scoring;

import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global store of accepted models, replicated to every instance (every task must be able to
 * score with the current model whatever partition it owns). It holds only envelopes that passed
 * {@link EnvelopeValidator}, under two keys:
 *
 * <ul>
 *   <li>{@value #CHAMPION}: the full envelope, read when a task (re)loads its model;
 *   <li>{@value #HEAD}: the same envelope without its payload, read on every record to notice a new
 *       version cheaply (a small Avro decode instead of copying the network bytes).
 * </ul>
 *
 * RocksDB-backed and checkpointed, so a restarted instance keeps serving its last accepted model
 * even if the compacted {@code models} topic now holds only a refused envelope for that name.
 * Global stores have no changelog: the source topic is their log, and on restore Kafka Streams
 * re-runs {@link ModelGate} over it (Topology#addGlobalStore reprocesses on restore).
 */
public final class ModelStore {
  public static final String NAME = "scoring-models";
  static final String CHAMPION = "champion";
  static final String HEAD = "champion.head";

  private final KeyValueStore<String, ModelEnvelope> store;

  ModelStore(KeyValueStore<String, ModelEnvelope> store) {
    this.store = store;
  }

  static StoreBuilder<KeyValueStore<String, ModelEnvelope>> builder(
      Topic<String, ModelEnvelope> models) {
    // Global stores must not log to a changelog; caching would only delay visibility of a swap.
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NAME), models.keySerde(), models.valueSerde())
        .withLoggingDisabled()
        .withCachingDisabled();
  }

  /** The served envelope's header (no payload), or null before the first accepted model. */
  ModelEnvelope head() {
    return store.get(HEAD);
  }

  ModelEnvelope champion() {
    return store.get(CHAMPION);
  }

  /** Only {@link ModelGate} writes, on the global thread; tasks read. */
  void serve(ModelEnvelope accepted) {
    store.put(CHAMPION, accepted);
    store.put(HEAD, ModelEnvelope.newBuilder(accepted).setPayload(ByteBuffer.allocate(0)).build());
  }
}
