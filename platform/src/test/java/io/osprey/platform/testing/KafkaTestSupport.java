package io.osprey.platform.testing;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing to and reading from a real broker in tests, with deadlines instead of sleeps. */
public final class KafkaTestSupport {
  /** How long a test waits for records that should arrive; generous for shared 2-core machines. */
  public static final Duration RECORD_DEADLINE = Duration.ofSeconds(90);

  private KafkaTestSupport() {}

  /**
   * A plain producer for test fixtures. Not idempotent: once, right after a test SIGKILLed a
   * process with a transactional producer, the broker answered this producer's first batch with
   * OUT_OF_ORDER_SEQUENCE for a producer id it had already seen at a higher sequence, and the
   * batches it then failed were lost. A fixture writing to a fresh local broker needs no
   * idempotence, and {@link #send} now checks every acknowledgement.
   */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            false,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            1, // without idempotence, the only way a retry cannot reorder records
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** Sends {@code records} and fails unless every one of them was acknowledged. */
  public static <K, V> void send(
      String bootstrap, Topic<K, V> topic, List<Map.Entry<K, V>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (Map.Entry<K, V> record : records) {
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    topic.name(),
                    topic.serializeKey(record.getKey()),
                    topic.serializeValue(record.getValue()))));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(); // after flush, every future is complete: this only surfaces a failure
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to " + topic.name(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a record to " + topic.name() + " was not written", e);
    }
  }

  /**
   * Reads {@code topic} from the beginning until {@code done} holds for what was read, or fails.
   */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(
      String bootstrap,
      Topic<K, V> topic,
      Predicate<List<ConsumerRecord<K, V>>> done,
      Duration deadline) {
    return readUntil(KafkaClients.plaintext(bootstrap), topic, done, deadline);
  }

  /** As {@link #readUntil(String, Topic, Predicate, Duration)}, as the user of {@code kafka}. */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(
      KafkaClients kafka,
      Topic<K, V> topic,
      Predicate<List<ConsumerRecord<K, V>>> done,
      Duration deadline) {
    List<ConsumerRecord<K, V>> read = new ArrayList<>();
    Map<String, Object> config = kafka.committedReader("test-reader");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long end = System.nanoTime() + deadline.toNanos();
      while (!done.test(read)) {
        if (System.nanoTime() > end) {
          throw new AssertionError(
              "deadline "
                  + deadline
                  + " passed with "
                  + read.size()
                  + " records read from "
                  + topic.name());
        }
        for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
          read.add(
              new ConsumerRecord<>(
                  raw.topic(),
                  raw.partition(),
                  raw.offset(),
                  topic.deserializeKey(raw.key()),
                  topic.deserializeValue(raw.value())));
        }
      }
    }
    return read;
  }

  /** Reads until at least {@code count} records arrived. */
  public static <K, V> List<ConsumerRecord<K, V>> readAtLeast(
      String bootstrap, Topic<K, V> topic, int count) {
    return readAtLeast(KafkaClients.plaintext(bootstrap), topic, count);
  }

  /** Reads, as the user of {@code kafka}, until at least {@code count} records arrived. */
  public static <K, V> List<ConsumerRecord<K, V>> readAtLeast(
      KafkaClients kafka, Topic<K, V> topic, int count) {
    return readUntil(kafka, topic, records -> records.size() >= count, RECORD_DEADLINE);
  }
}
