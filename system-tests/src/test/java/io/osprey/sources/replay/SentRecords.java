package io.osprey.sources.replay;

import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the replay sent, keeping each record's Kafka timestamp (the time it was sent), which
 * the replay's ordering and pacing checks need and {@link KafkaTestSupport} does not keep.
 */
final class SentRecords {
  private SentRecords() {}

  static List<ConsumerRecord<String, byte[]>> readAtLeast(
      String bootstrap, Topic<String, byte[]> topic, int count) {
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "replay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + KafkaTestSupport.RECORD_DEADLINE.toNanos();
      while (read.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "only " + read.size() + " of " + count + " records arrived on " + topic.name());
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }
}
