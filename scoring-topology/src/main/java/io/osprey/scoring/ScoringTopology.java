package io.osprey.scoring;

import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.topic.OspreyTopics;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The scorer's three seams: topics are passed in ({@link OspreyTopics}), {@link #streamsConfig}
 * turns settings into Kafka Streams properties, and {@link #buildTopology} wires
 *
 * <pre>
 *   models   ──► EnvelopeAdmission (global, every instance) ──► AdmittedModelStore (RocksDB: champion,
 *                                                           │  challenger, recent versions)
 *                                                           │ read per record
 *   features ──► ScoringProcessor (one per task) ◄──────────┘ ──► predictions (key: event id)
 *                      ├──► decision emitted per event id (task window store + changelog:
 *                      │      a re-scored event gets it again)
 *                      └──► last prediction per entity (task store + changelog; HTTP queries)
 * </pre>
 *
 * Tests drive this same topology with {@code TopologyTestDriver}; serdes come from the topics.
 */
public final class ScoringTopology {
  static final String FEATURES_SOURCE = "features-source";
  static final String MODELS_SOURCE = "models-source";
  // The node keeps its first name: renaming a processor would change the topology's description.
  static final String ENVELOPE_ADMISSION = "model-gate";
  static final String SCORER = "scorer";
  static final String PREDICTIONS_SINK = "predictions-sink";

  private final ScoringMetrics metrics;
  private final MonitoringSink monitoring;
  // One per instance: its admission counts the changes of its global store, its tasks watch the
  // count.
  private final AdmittedModelStoreChanges modelChanges = new AdmittedModelStoreChanges();

  public ScoringTopology(ScoringMetrics metrics, MonitoringSink monitoring) {
    this.metrics = metrics;
    this.monitoring = monitoring;
  }

  /**
   * Kafka Streams properties for {@code settings} (see {@link ScoringSettings} for each choice).
   */
  public static Properties streamsConfig(Settings settings) {
    ScoringConfig scoring = ScoringConfig.from(settings);
    Properties props = KafkaClients.from(settings).streams(scoring.applicationId());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, scoring.guarantee().streamsName());
    props.put(StreamsConfig.STATE_DIR_CONFIG, scoring.stateDir().toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, scoring.commitInterval().toMillis());
    // An idle stream thread blocks in poll for poll.ms (100 ms) before it checks whether a commit
    // is due; under exactly-once a prediction is visible only after that commit, so the poll must
    // not outlast the commit interval.
    props.put(StreamsConfig.POLL_MS_CONFIG, Math.min(100L, scoring.commitInterval().toMillis()));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, scoring.streamThreads());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, scoring.standbyReplicas());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        CountingDeserializationHandler.class.getName());
    // Kafka Streams lets its producer linger 100 ms to batch; a scorer in the authorisation path
    // sends at once and lets batching happen only under load.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
    // No store of ours caches (the model store must show a swap at once), so no cache memory.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    return props;
  }

  public Topology buildTopology(ScoringConfig settings, OspreyTopics topics) {
    Topology topology = new Topology();
    topology.addGlobalStore(
        AdmittedModelStore.builder(topics.models()),
        MODELS_SOURCE,
        topics.models().keySerde().deserializer(),
        topics.models().valueSerde().deserializer(),
        topics.models().name(),
        ENVELOPE_ADMISSION,
        () ->
            new EnvelopeAdmission(
                new EnvelopeValidator(settings.specHash(), settings.trust()),
                metrics,
                monitoring,
                settings.retainedVersions(),
                modelChanges));
    topology.addSource(
        FEATURES_SOURCE,
        topics.features().keySerde().deserializer(),
        topics.features().valueSerde().deserializer(),
        topics.features().name());
    topology.addProcessor(
        SCORER,
        () ->
            new ScoringProcessor(settings, metrics, modelChanges, topics.predictions(), monitoring),
        FEATURES_SOURCE);
    if (EmittedDecisions.enabled(settings)) {
      topology.addStateStore(EmittedDecisions.builder(settings), SCORER);
    }
    if (LastPredictionStore.enabled(settings)) {
      topology.addStateStore(LastPredictionStore.builder(settings), SCORER);
    }
    topology.addSink(
        PREDICTIONS_SINK,
        topics.predictions().name(),
        topics.predictions().keySerde().serializer(),
        Serdes.ByteArray().serializer(), // encoded by the scorer, in the topic's format
        SCORER);
    return topology;
  }
}
