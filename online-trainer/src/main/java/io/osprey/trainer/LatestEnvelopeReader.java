package io.osprey.trainer;

import io.osprey.model.ModelEnvelopes;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** The key, in a rollback envelope's metrics, of the version it replaced. */
  static final String ROLLED_BACK_FROM = "rolled_back_from_version";

  private LatestEnvelopeReader() {}

  /**
   * What a restarting trainer needs from the topic.
   *
   * @param latest the highest version, whatever its role: the version sequence and weights go on
   *     from it
   * @param champion the highest champion version: what the scorer serves
   * @param previousChampion the champion before it (never one that was rolled back): where a
   *     rollback would go
   */
  record Found(
      Optional<ModelEnvelope> latest,
      Optional<ModelEnvelope> champion,
      Optional<ModelEnvelope> previousChampion) {
    static final Found NOTHING = new Found(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The latest envelope of {@code modelName}; see {@link #readAll}. */
  static Optional<ModelEnvelope> read(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> topic,
      String modelName,
      Duration timeout) {
    return readAll(consumer, topic, modelName, timeout).latest();
  }

  /** The latest envelope, champion and previous champion of {@code modelName}. */
  static Found readAll(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> topic,
      String modelName,
      Duration timeout) {
    List<ModelEnvelope> all = readEnvelopes(consumer, topic, modelName, timeout);
    Optional<ModelEnvelope> latest = all.stream().max(BY_VERSION);
    Set<Long> rolledBack = new HashSet<>();
    for (ModelEnvelope envelope : all) {
      Double from = envelope.getMetrics().get(ROLLED_BACK_FROM);
      if (from != null) {
        rolledBack.add(from.longValue());
      }
    }
    List<ModelEnvelope> champions =
        all.stream()
            .filter(e -> ModelEnvelopes.CHAMPION.equals(e.getRole()))
            .sorted(BY_VERSION.reversed())
            .toList();
    Optional<ModelEnvelope> champion = champions.stream().findFirst();
    Optional<ModelEnvelope> previous =
        champions.stream()
            .skip(1)
            .filter(e -> !rolledBack.contains(e.getVersion()))
            .filter(e -> !Arrays.equals(bytes(e), champion.map(c -> bytes(c)).orElse(null)))
            .findFirst();
    return new Found(latest, champion, previous);
  }

  private static final Comparator<ModelEnvelope> BY_VERSION =
      Comparator.comparingLong(ModelEnvelope::getVersion);

  private static byte[] bytes(ModelEnvelope envelope) {
    return envelope.getChecksum().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * @param consumer a consumer without a group, used for this read only
   * @throws IllegalStateException if the topic cannot be read to its end within {@code timeout}
   */
  private static List<ModelEnvelope> readEnvelopes(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> topic,
      String modelName,
      Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
    if (infos == null || infos.isEmpty()) {
      return List.of(); // no topic yet: no model yet
    }
    List<TopicPartition> partitions =
        infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ModelEnvelope> envelopes = new ArrayList<>();
    while (!reachedEnd(consumer, end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + topic.name() + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() == null || !modelName.equals(topic.deserializeKey(record.key()))) {
          continue; // a tombstone or another model's envelope
        }
        envelopes.add(topic.deserializeValue(record.value()));
      }
    }
    return envelopes;
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
