package io.osprey.scoring;

import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global store of accepted models, replicated to every instance (every task must be able to
 * score with the current models whatever partition it owns). It holds only envelopes that passed
 * {@link EnvelopeValidator}, under these keys:
 *
 * <ul>
 *   <li>{@code champion} / {@code challenger}: the full envelope served in that slot, read when a
 *       task (re)loads its model;
 *   <li>{@code champion.head} / {@code challenger.head}: the same envelope without its payload,
 *       read on every record to notice a new version cheaply (a small Avro decode instead of
 *       copying the network bytes); a retired challenger has no head;
 *   <li>{@code history/<name>/<version, 19 digits>}: every accepted envelope (either role), the
 *       newest {@code retained} per name. A version republished ({@link
 *       io.osprey.model.registry.Republication}: rollback or promotion) carries a payload found
 *       here, so it is accepted without loading the network again, and tasks that still hold it
 *       compiled swap back at once.
 * </ul>
 *
 * RocksDB-backed and checkpointed, so a restarted instance keeps serving its last accepted models
 * even if the compacted {@code models} topic now holds only a refused envelope for that name.
 * Global stores have no changelog: the source topic is their log, and on restore Kafka Streams
 * re-runs {@link EnvelopeAdmission} over it (Topology#addGlobalStore reprocesses on restore).
 */
public final class AdmittedModelStore {
  public static final String NAME = "scoring-models";
  private static final String HEAD_SUFFIX = ".head";
  private static final String HISTORY = "history/";
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, ModelEnvelope> store;

  AdmittedModelStore(KeyValueStore<String, ModelEnvelope> store) {
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

  /** The header (no payload) of the envelope served as {@code role}, or null when none is. */
  ModelEnvelope head(ModelRole role) {
    return store.get(headKey(role));
  }

  /** The key of {@code role}'s header, for readers of the store (interactive queries). */
  static String headKey(ModelRole role) {
    return slot(role) + HEAD_SUFFIX;
  }

  /** The champion's header, or null before the first accepted model. */
  ModelEnvelope head() {
    return head(ModelRole.CHAMPION);
  }

  /** The full envelope served as {@code role}, or null when none is. */
  ModelEnvelope served(ModelRole role) {
    return head(role) == null ? null : store.get(slot(role));
  }

  /**
   * Serves {@code accepted} as {@code role}, records it in the history and keeps the newest {@code
   * retained} versions of its name. Only {@link EnvelopeAdmission} writes, on the global thread;
   * tasks read.
   */
  void serve(ModelRole role, ModelEnvelope accepted, int retained) {
    store.put(slot(role), accepted);
    store.put(slot(role) + HEAD_SUFFIX, header(accepted));
    store.put(historyKey(accepted.getName(), accepted.getVersion()), accepted);
    List<KeyValue<String, ModelEnvelope>> versions = historyEntries(accepted.getName());
    for (int i = 0; i < versions.size() - retained; i++) {
      store.delete(versions.get(i).key); // oldest first
    }
  }

  /** Stops serving {@code role} (a challenger that was promoted). */
  void retire(ModelRole role) {
    store.delete(slot(role) + HEAD_SUFFIX);
    store.delete(slot(role));
  }

  /** The accepted versions of {@code name} still retained, oldest first. */
  List<ModelEnvelope> history(String name) {
    return historyEntries(name).stream().map(kv -> kv.value).toList();
  }

  /** A retained envelope of {@code name} with this payload checksum, if any. */
  Optional<ModelEnvelope> acceptedWithChecksum(String name, String checksum) {
    return history(name).stream()
        .filter(e -> e.getChecksum().equalsIgnoreCase(checksum))
        .reduce((older, newer) -> newer);
  }

  static ModelEnvelope header(ModelEnvelope envelope) {
    return ModelEnvelope.newBuilder(envelope).setPayload(ByteBuffer.allocate(0)).build();
  }

  private List<KeyValue<String, ModelEnvelope>> historyEntries(String name) {
    List<KeyValue<String, ModelEnvelope>> entries = new ArrayList<>();
    try (KeyValueIterator<String, ModelEnvelope> it =
        store.prefixScan(HISTORY + name + "/", KEYS)) {
      it.forEachRemaining(entries::add);
    }
    return entries;
  }

  private static String historyKey(String name, long version) {
    return HISTORY + name + "/" + String.format(Locale.ROOT, "%019d", version);
  }

  private static String slot(ModelRole role) {
    return role.envelopeRole();
  }
}
