package io.osprey.trainer;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the envelopes of one model on the compacted {@code models} topic, so that a trainer
 * continues the version sequence (and the weights) of the one before it, and every version it
 * publishes is newer than anything on the topic, including what {@code ./osprey models
 * promote|rollback} or a lake bootstrap published while it ran.
 *
 * <p>The first {@link #refresh} reads every partition from the beginning; later ones read only what
 * was appended since, up to the end offsets at the time of the call (read_committed: an open
 * transaction, such as this trainer's own publication in flight, ends the read). Only what the
 * trainer needs is kept: the latest envelope, the most recent champions, and the versions that were
 * rolled back.
 *
 * <p>An envelope whose signature the trainer does not believe ({@link EnvelopeTrust}) is skipped
 * and logged: a forged version {@code Long.MAX_VALUE} must neither end the version sequence nor
 * become the weights the trainer resumes from. An envelope that cannot be decoded fails the read
 * rather than being skipped: skipping it could make the trainer reuse its version number, and
 * versions must only go up. Owned by one thread.
 */
final class LatestEnvelopeReader {
  private static final Logger LOG = LoggerFactory.getLogger(LatestEnvelopeReader.class);

  /** The key, in a rollback envelope's metrics, of the version it replaced. */
  static final String ROLLED_BACK_FROM = "rolled_back_from_version";

  /** Champions kept to find the previous good one; older ones are never rolled back to. */
  private static final int CHAMPIONS_KEPT = 32;

  private final Consumer<byte[], byte[]> consumer;
  private final Topic<String, ModelEnvelope> topic;
  private final String modelName;
  private final EnvelopeTrust trust;
  private List<TopicPartition> partitions;
  private long untrusted;
  private ModelEnvelope latest;
  private final NavigableMap<Long, ModelEnvelope> champions = new TreeMap<>();
  private final Set<Long> rolledBack = new HashSet<>();

  /**
   * What a trainer needs from the topic.
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
      Optional<ModelEnvelope> previousChampion) {}

  /**
   * @param consumer a consumer without a group, used by this reader only
   */
  LatestEnvelopeReader(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> topic,
      String modelName,
      EnvelopeTrust trust) {
    this.consumer = consumer;
    this.topic = topic;
    this.modelName = modelName;
    this.trust = trust;
  }

  /** Reads the whole topic once: the latest envelope, champion and previous champion. */
  static Found readAll(
      Consumer<byte[], byte[]> consumer,
      Topic<String, ModelEnvelope> topic,
      String modelName,
      EnvelopeTrust trust,
      Duration timeout) {
    return new LatestEnvelopeReader(consumer, topic, modelName, trust).refresh(timeout);
  }

  /**
   * Catches up with the topic and returns what it holds now.
   *
   * @throws IllegalStateException if the topic cannot be read to its end within {@code timeout}
   */
  Found refresh(Duration timeout) {
    if (partitions == null && !assign(timeout)) {
      return found(); // no topic yet: no model yet
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reachedEnd(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + topic.name() + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.value() == null || !modelName.equals(topic.deserializeKey(record.key()))) {
          continue; // a tombstone or another model's envelope
        }
        ModelEnvelope envelope = topic.deserializeValue(record.value());
        Optional<String> refusal = trust.refusal(envelope);
        if (refusal.isPresent()) {
          untrusted++;
          LOG.warn("ignoring {} at offset {}: {}", topic.name(), record.offset(), refusal.get());
          continue;
        }
        add(envelope);
      }
    }
    return found();
  }

  /** Envelopes of this model skipped so far because their signature is not believed. */
  long untrusted() {
    return untrusted;
  }

  private boolean assign(Duration timeout) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), timeout);
    if (infos == null || infos.isEmpty()) {
      return false;
    }
    partitions =
        infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return true;
  }

  private void add(ModelEnvelope envelope) {
    if (latest == null || envelope.getVersion() >= latest.getVersion()) {
      latest = envelope;
    }
    Double from = envelope.getMetrics().get(ROLLED_BACK_FROM);
    if (from != null) {
      rolledBack.add(from.longValue());
    }
    if (ModelEnvelopes.CHAMPION.equals(envelope.getRole())) {
      champions.put(envelope.getVersion(), envelope);
      while (champions.size() > CHAMPIONS_KEPT) {
        champions.pollFirstEntry();
      }
    }
  }

  private Found found() {
    Optional<ModelEnvelope> champion =
        Optional.ofNullable(champions.lastEntry()).map(Map.Entry::getValue);
    Optional<ModelEnvelope> previous =
        champions.descendingMap().values().stream()
            .skip(1)
            .filter(e -> !rolledBack.contains(e.getVersion()))
            .filter(e -> !e.getChecksum().equalsIgnoreCase(champion.get().getChecksum()))
            .findFirst();
    return new Found(Optional.ofNullable(latest), champion, previous);
  }

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }
}
