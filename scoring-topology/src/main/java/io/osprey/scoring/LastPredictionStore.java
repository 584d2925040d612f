package io.osprey.scoring;

import io.osprey.scoring.ScoringSettings.LastPredictions;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The last prediction of each entity, in a task-local RocksDB store with a changelog (so standby
 * replicas keep warm copies). Keyed like the {@code features} topic (entity id), so the instance
 * owning an entity's partition owns its entry; {@link ScoringHttpServer} answers from it through
 * interactive queries. It costs a RocksDB put per prediction and, when replicated, a changelog
 * record (the larger cost), so it exists only when the HTTP endpoint does ({@code
 * scoring.http.port} not -1) and {@code scoring.last.predictions} is not {@code off}.
 *
 * <p>Values are the prediction's bytes exactly as published on {@code predictions} (JSON or Avro,
 * per {@code predictions.format}), so a prediction is encoded once for both, and readers decode
 * them with the {@code predictions} topic's codec, which reads either format (and so also the Avro
 * entries that versions before this one wrote).
 */
final class LastPredictionStore {
  static final String NAME = "scoring-last-predictions";

  private LastPredictionStore() {}

  static boolean enabled(ScoringConfig config) {
    return config.httpPort() >= 0 && config.lastPredictions() != LastPredictions.OFF;
  }

  static StoreBuilder<KeyValueStore<String, byte[]>> builder(ScoringConfig config) {
    StoreBuilder<KeyValueStore<String, byte[]>> builder =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled();
    return config.lastPredictions() == LastPredictions.LOCAL
        ? builder.withLoggingDisabled()
        : builder;
  }
}
