package io.osprey.ingest.kafka;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSinks;
import io.osprey.ingest.IngestSources;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.monitor.RestartReporting;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's real Kafka sources and sinks. Values on the way out use the topic's own serde, so the
 * bytes are exactly what every other Osprey component reads.
 *
 * <p>Delivery is chosen by {@link Delivery}. At-least-once: a restart replays from the last
 * checkpoint and may write a vector, example or dead letter twice (readers key by event id).
 * Exactly-once: each sink writes in Kafka transactions committed when a checkpoint completes, so a
 * {@code read_committed} reader sees each record once, but only after the next checkpoint; a {@code
 * read_uncommitted} reader also sees aborted attempts. Each sink has its own transactional id
 * prefix (consumer group + sink), so two jobs on one cluster need distinct consumer groups.
 */
public final class KafkaEndpoints {
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  private final KafkaClients kafka;
  private final String groupId;
  private final String topicPrefix;
  private final Delivery delivery;
  private final int sinkMaxRecordBytes;
  private final int sinkLingerMs;
  private final OspreyTopics topics;

  /** With the default size guard of the sinks ({@link IngestSettings#SINK_MAX_RECORD_BYTES}). */
  public KafkaEndpoints(KafkaClients kafka, String groupId, String topicPrefix, Delivery delivery) {
    this(
        kafka, groupId, topicPrefix, delivery, IngestSettings.SINK_MAX_RECORD_BYTES.defaultValue());
  }

  /**
   * @param sinkMaxRecordBytes a sink writes no record whose key and value exceed this; it sends an
   *     alert to {@code monitoring} instead (see {@link TopicSerializer})
   */
  public KafkaEndpoints(
      KafkaClients kafka,
      String groupId,
      String topicPrefix,
      Delivery delivery,
      int sinkMaxRecordBytes) {
    this(
        kafka,
        groupId,
        topicPrefix,
        delivery,
        sinkMaxRecordBytes,
        IngestSettings.SINK_LINGER_MS.defaultValue());
  }

  /**
   * @param sinkLingerMs the sinks' producers' {@code linger.ms} ({@link
   *     IngestSettings#SINK_LINGER_MS})
   */
  public KafkaEndpoints(
      KafkaClients kafka,
      String groupId,
      String topicPrefix,
      Delivery delivery,
      int sinkMaxRecordBytes,
      int sinkLingerMs) {
    this.sinkMaxRecordBytes = sinkMaxRecordBytes;
    this.sinkLingerMs = sinkLingerMs;
    this.kafka = kafka;
    this.groupId = groupId;
    this.topicPrefix = topicPrefix;
    this.delivery = delivery;
    this.topics = OspreyTopics.withPrefix(topicPrefix);
  }

  /**
   * The endpoints named by {@code settings}: brokers and client security ({@link KafkaClients}),
   * topic prefix, consumer group, delivery guarantee and the sinks' size guard.
   */
  public static KafkaEndpoints from(Settings settings) {
    return new KafkaEndpoints(
        KafkaClients.from(settings),
        settings.get(IngestSettings.CONSUMER_GROUP),
        settings.get(CommonSettings.TOPIC_PREFIX),
        settings.get(IngestSettings.DELIVERY_GUARANTEE),
        settings.get(IngestSettings.SINK_MAX_RECORD_BYTES),
        settings.get(IngestSettings.SINK_LINGER_MS));
  }

  /** The input topics, from the group's committed offsets. */
  public IngestSources sources() {
    return new IngestSources(transactionSource(), labelSource());
  }

  /**
   * The output topics; each restart of the job is an alert on {@code monitoring} ({@link
   * RestartReporting#toMonitoring}). No lake: the caller adds one.
   */
  public IngestSinks sinks() {
    return IngestSinks.of(featureSink(), trainingExampleSink(), deadLetterSink())
        .withRestarts(RestartReporting.toMonitoring(kafka, topicPrefix));
  }

  public KafkaSource<RawRecord> transactionSource() {
    return source(topics.transactions().name());
  }

  public KafkaSource<RawRecord> labelSource() {
    return source(topics.labels().name());
  }

  /** Raw records of {@code topic}, from the group's committed offsets, else the earliest. */
  private KafkaSource<RawRecord> source(String topic) {
    return KafkaSource.<RawRecord>builder()
        .setProperties(kafka.flink())
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawRecordDeserializer())
        // Offsets are committed when a checkpoint completes: where a fresh deployment resumes.
        .setProperty("commit.offsets.on.checkpoint", "true")
        .setProperty("client.id.prefix", groupId + "-" + topic)
        // New partitions are picked up without a restart.
        .setProperty("partition.discovery.interval.ms", "60000")
        .build();
  }

  /** Feature vectors keyed by entity id. */
  public KafkaSink<FeatureRow> featureSink() {
    return sink(
        "features",
        (topics, row) ->
            new ProducerRecord<>(
                topics.features().name(),
                topics.features().serializeKey(row.entityId),
                topics.features().serializeValue(row.toAvro())),
        row -> "feature vector of event " + OversizeAlert.shortened(row.eventId));
  }

  /** Training examples keyed by entity id. */
  public KafkaSink<Example> trainingExampleSink() {
    return sink(
        "training-examples",
        (topics, example) ->
            new ProducerRecord<>(
                topics.trainingExamples().name(),
                topics.trainingExamples().serializeKey(example.features.entityId),
                topics.trainingExamples().serializeValue(example.toAvro())),
        example ->
            "training example of event " + OversizeAlert.shortened(example.features.eventId));
  }

  /**
   * Dead letters keyed by the original record's key. The job bounds them ({@link
   * io.osprey.ingest.parse.DeadLetterCap}) well below the size guard, which is only a backstop.
   */
  public KafkaSink<Rejected> deadLetterSink() {
    return sink(
        "dead-letters",
        (topics, rejected) ->
            new ProducerRecord<>(
                topics.deadLetters().name(),
                rejected.key,
                topics.deadLetters().serializeValue(rejected.toAvro())),
        rejected ->
            "dead letter of "
                + OversizeAlert.shortened(rejected.sourceTopic)
                + "-"
                + rejected.sourcePartition
                + "@"
                + rejected.sourceOffset);
  }

  private <T> KafkaSink<T> sink(
      String name, TopicSerializer.Encoder<T> encoder, TopicSerializer.Describer<T> describer) {
    KafkaSinkBuilder<T> builder =
        KafkaSink.<T>builder()
            .setKafkaProducerConfig(kafka.flink())
            .setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(sinkLingerMs))
            .setRecordSerializer(
                new TopicSerializer<>(topicPrefix, name, encoder, describer, sinkMaxRecordBytes));
    if (delivery == Delivery.EXACTLY_ONCE) {
      builder
          .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
          .setTransactionalIdPrefix(groupId + "-" + name)
          // Below the broker's transaction.max.timeout.ms (15 min by default), well above a
          // checkpoint interval plus a restart.
          .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
    } else {
      builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
    }
    return builder.build();
  }
}
