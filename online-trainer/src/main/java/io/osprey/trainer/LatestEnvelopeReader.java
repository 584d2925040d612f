package io.osprey.trainer;

import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the latest envelope of one model on the compacted {@code models} topic, so that a trainer
 * continues the version sequence (and the weights) of the one before it. Reads every partition from
 * the beginning to the end offsets seen at start: the topic is compacted and small.
 *
 * <p>An envelope that cannot be decoded fails the read rather than being skipped: skipping it could
 * make the trainer reuse its version number, and versions must only go up.
 */
final class LatestEnvelopeReader {
  private LatestEnvelopeReader() {}

  /**
   * @param consumer a consumer without a group, used for this read only
   * @throws IllegalStateException if the topic cannot be read to its end within {@code timeout}
   */
  static Optional<ModelEnvelope> read(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> topic,
      String modelName,
      Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
    if (infos == null || infos.isEmpty()) {
      return Optional.empty(); // no topic yet: no model yet
    }
    List<TopicPartition> partitions =
        infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    ModelEnvelope latest = null;
    while (!reachedEnd(consumer, end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + topic.name() + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() == null || !modelName.equals(topic.deserializeKey(record.key()))) {
          continue; // a tombstone or another model's envelope
        }
        ModelEnvelope envelope = topic.deserializeValue(record.value());
        if (latest == null || envelope.getVersion() > latest.getVersion()) {
          latest = envelope;
        }
      }
    }
    return Optional.ofNullable(latest);
  }

  private static boolean reachedEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }
}
