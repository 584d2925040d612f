package io.osprey.scoring;

import io.osprey.schema.Prediction;
import io.osprey.schema.topic.CodecSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The last prediction of each entity, in a task-local RocksDB store with a changelog (so standby
 * replicas keep warm copies). Keyed like the {@code features} topic (entity id), so the instance
 * owning an entity's partition owns its entry; {@link ScoringHttpServer} answers from it through
 * interactive queries. It costs a RocksDB put and a changelog record per prediction, so it exists
 * only when the HTTP endpoint does ({@code scoring.http.port} not -1).
 */
final class LastPredictionStore {
  static final String NAME = "scoring-last-predictions";

  private LastPredictionStore() {}

  static boolean enabled(ScoringSettings settings) {
    return settings.httpPort() >= 0;
  }

  static StoreBuilder<KeyValueStore<String, Prediction>> builder() {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NAME),
            Serdes.String(),
            CodecSerde.avro(Prediction.class))
        .withCachingDisabled();
  }
}
