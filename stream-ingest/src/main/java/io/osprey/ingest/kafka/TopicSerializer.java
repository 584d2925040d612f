package io.osprey.ingest.kafka;

import io.osprey.schema.topic.OspreyTopics;
import java.io.Serializable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes job output with the serdes of Osprey's topic descriptors. The descriptors hold Kafka
 * serdes, which are not {@link Serializable}, so only the topic prefix travels to the cluster and
 * the descriptors are rebuilt there on first use.
 *
 * <p>It is also the size guard of its sink. Flink's Kafka sink (flink-connector-kafka 5.0) has no
 * per-record error handler: a send that fails, for instance with {@code RecordTooLargeException},
 * fails the writer at its next write or checkpoint, the task restarts from the last checkpoint,
 * replays the same record and fails again, forever. Such a record is a property of the record, so
 * it is refused here, before the producer sees it: a record whose key and value exceed {@code
 * maxRecordBytes} is replaced by an alert on {@code monitoring} naming it (never its content),
 * counted as {@code recordsTooLarge} and logged. The cost is that the record itself is lost to its
 * topic; the alternative, a job that never moves again, loses everything after it. Failures that
 * are not about one record (authorization, a missing topic, a broker down) still fail the task: a
 * restart is the right answer to those, and restarts are visible ({@code numRestarts}, {@link
 * io.osprey.ingest.monitor.RestartAlerts}).
 */
final class TopicSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TopicSerializer.class);

  /** Builds one Kafka record from an element, given the topics; must capture nothing. */
  interface Encoder<T> extends Serializable {
    ProducerRecord<byte[], byte[]> encode(OspreyTopics topics, T element);
  }

  /** Names an element for an alert (where it came from), without its content. */
  interface Describer<T> extends Serializable {
    String describe(T element);
  }

  private final String topicPrefix;
  private final String sinkName;
  private final Encoder<T> encoder;
  private final Describer<T> describer;
  private final int maxRecordBytes;
  private transient OspreyTopics topics;
  private transient Counter tooLarge;

  TopicSerializer(
      String topicPrefix,
      String sinkName,
      Encoder<T> encoder,
      Describer<T> describer,
      int maxRecordBytes) {
    this.topicPrefix = topicPrefix;
    this.sinkName = sinkName;
    this.encoder = encoder;
    this.describer = describer;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    tooLarge = context.getMetricGroup().counter("recordsTooLarge");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (topics == null) {
      topics = OspreyTopics.withPrefix(topicPrefix);
    }
    ProducerRecord<byte[], byte[]> record = encoder.encode(topics, element);
    long size = length(record.key()) + length(record.value());
    if (size <= maxRecordBytes) {
      return record;
    }
    if (tooLarge != null) {
      tooLarge.inc();
    }
    String what = describer.describe(element);
    LOG.warn(
        "{}: {} is {} bytes, over the limit of {}; not written, alert sent to monitoring",
        sinkName,
        what,
        size,
        maxRecordBytes);
    return OversizeAlert.record(topics, sinkName, what, size, maxRecordBytes);
  }

  private static long length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
