package io.osprey.ingest.kafka;

import io.osprey.schema.topic.OspreyTopics;
import java.io.Serializable;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Serializes job output with the serdes of Osprey's topic descriptors. The descriptors hold Kafka
 * serdes, which are not {@link Serializable}, so only the topic prefix travels to the cluster and
 * the descriptors are rebuilt there on first use.
 */
final class TopicSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** Builds one Kafka record from an element, given the topics; must capture nothing. */
  interface Encoder<T> extends Serializable {
    ProducerRecord<byte[], byte[]> encode(OspreyTopics topics, T element);
  }

  private final String topicPrefix;
  private final Encoder<T> encoder;
  private transient OspreyTopics topics;

  TopicSerializer(String topicPrefix, Encoder<T> encoder) {
    this.topicPrefix = topicPrefix;
    this.encoder = encoder;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (topics == null) {
      topics = OspreyTopics.withPrefix(topicPrefix);
    }
    return encoder.encode(topics, element);
  }
}
