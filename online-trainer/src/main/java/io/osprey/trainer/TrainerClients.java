package io.osprey.trainer;

import io.osprey.model.registry.ModelsTopicReader;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of one trainer, from the client profiles of {@code platform}: the consumer of
 * examples, the reader of {@code models}, and the producer of publications. Both consumers read
 * committed records only; everything is bytes, (de)serialized by the topics' own serdes.
 */
public final class TrainerClients {
  private TrainerClients() {}

  /**
   * The consumer of {@code training-examples}, in the trainer's group, offsets committed by hand.
   */
  public static Map<String, Object> examplesConsumer(TrainerConfig config) {
    // Only committed examples: an aborted upstream transaction must not be learned from.
    Map<String, Object> consumer =
        config.kafka().committedReader("osprey-trainer-" + config.modelName() + "-examples");
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
    // Static membership: a restarted trainer (one per model) takes its partitions back at once,
    // rather than after the dead instance's session times out.
    consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, config.batchSize()));
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return consumer;
  }

  /** The reader of {@code models}: no group, read from the beginning. */
  public static Map<String, Object> modelsReader(TrainerConfig config) {
    return ModelsTopicReader.consumerConfig(
        config.kafka(), "osprey-trainer-" + config.modelName() + "-models");
  }

  /** The producer of publications: transactional with exactly-once, else idempotent. */
  public static Map<String, Object> producer(TrainerConfig config) {
    Map<String, Object> producer =
        config.exactlyOnce()
            ? config.kafka().transactionalProducer(clientId(config), config.transactionalId())
            : config.kafka().idempotentProducer(clientId(config));
    serializeBytes(producer);
    return producer;
  }

  /** A producer without a transactional id (the lake bootstrap publishes one envelope). */
  public static Map<String, Object> plainProducer(TrainerConfig config) {
    Map<String, Object> producer = config.kafka().idempotentProducer(clientId(config));
    serializeBytes(producer);
    return producer;
  }

  private static String clientId(TrainerConfig config) {
    return "osprey-trainer-" + config.modelName();
  }

  private static void serializeBytes(Map<String, Object> producer) {
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
  }
}
