package io.osprey.testing;

import io.osprey.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic up to its end as it is now (committed records only), optionally from where an
 * earlier read stopped: what a check of "every record accounted for" needs, where a read until some
 * condition holds would wait for ever on a record that never comes.
 */
public final class TopicReader {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private final KafkaClients kafka;
  private final String topic;
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  public TopicReader(String bootstrap, String topic) {
    this(KafkaClients.plaintext(bootstrap), topic);
  }

  public TopicReader(KafkaClients kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  /** Everything in {@code topic} now. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
    return new TopicReader(bootstrap, topic).readNew();
  }

  /** Everything in {@code topic} now, read with {@code kafka}'s credentials. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaClients kafka, String topic) {
    return new TopicReader(kafka, topic).readNew();
  }

  /** The records appended since the previous call (all of them on the first). */
  public List<ConsumerRecord<byte[], byte[]>> readNew() {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, positions.getOrDefault(partition, 0L));
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      partitions.forEach(p -> positions.put(p, consumer.position(p)));
    }
    return records;
  }

  /** The sum of the topic's end offsets: how many records (and markers) it holds. */
  public long endOffsetSum() {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions); // unassigned, every answer would log a warning per partition
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaClients kafka) {
    Map<String, Object> config = kafka.committedReader("osprey-topic-reader");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
