package io.osprey.model.registry;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the compacted {@code models} topic to its end: the first {@link #readNew} from the
 * beginning of every partition, each later one only what was appended since, up to the end offsets
 * at the time of the call. Read committed: an envelope of an aborted publication never existed, and
 * an open transaction (a trainer's publication in flight) ends the read.
 *
 * <p>A record of the model asked for that cannot be decoded fails the read rather than being
 * skipped: skipping it could reuse its version number, and versions must only go up. Reading every
 * model (a listing), undecodable records are skipped so the rest can be shown.
 *
 * <p>Owned by one thread; {@link #wakeup} may be called from any.
 */
public final class ModelsTopicReader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final Topic<String, ModelEnvelope> topic;
  private List<TopicPartition> partitions;

  /**
   * @param consumer a consumer without a group, read committed, used by this reader only; the
   *     reader closes it
   */
  public ModelsTopicReader(Consumer<byte[], byte[]> consumer, Topic<String, ModelEnvelope> topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** A reader of {@code topic} on its own committed-reader consumer. */
  public static ModelsTopicReader connect(
      KafkaClients kafka, Topic<String, ModelEnvelope> topic, String clientId) {
    return new ModelsTopicReader(new KafkaConsumer<>(consumerConfig(kafka, clientId)), topic);
  }

  /** The consumer configuration of a reader: committed only, no group, byte arrays. */
  public static Map<String, Object> consumerConfig(KafkaClients kafka, String clientId) {
    Map<String, Object> config = kafka.committedReader(clientId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  public Topic<String, ModelEnvelope> topic() {
    return topic;
  }

  /**
   * The envelopes appended since the last call (of model {@code name}, or of every model), in the
   * order read; none if the topic does not exist yet.
   *
   * @throws IllegalStateException if the topic cannot be read to its end within {@code timeout}, or
   *     a record of {@code name} cannot be decoded
   */
  public List<ModelEnvelope> readNew(Optional<String> name, Duration timeout) {
    List<ModelEnvelope> envelopes = new ArrayList<>();
    if (partitions == null && !assign(timeout)) {
      return envelopes;
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reachedEnd(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "could not read " + topic.name() + " to its end within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        String key = record.key() == null ? null : topic.deserializeKey(record.key());
        if (record.value() == null || (name.isPresent() && !name.get().equals(key))) {
          continue; // a tombstone or another model's record
        }
        decode(record, name).ifPresent(envelopes::add);
      }
    }
    return envelopes;
  }

  private Optional<ModelEnvelope> decode(
      ConsumerRecord<byte[], byte[]> record, Optional<String> name) {
    try {
      return Optional.of(topic.deserializeValue(record.value()));
    } catch (RuntimeException e) {
      if (name.isEmpty()) {
        return Optional.empty(); // listing everything: show what can be read
      }
      throw new IllegalStateException(
          "undecodable record of "
              + name.get()
              + " at "
              + record.topic()
              + "-"
              + record.partition()
              + "@"
              + record.offset(),
          e);
    }
  }

  /** Makes a read in progress on another thread end with a {@code WakeupException}. */
  public void wakeup() {
    consumer.wakeup();
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

  private boolean reachedEnd(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
