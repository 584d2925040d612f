package io.osprey.console;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the console shows, as any outside consumer would (assigned partitions, no group, read
 * committed): {@code predictions}, {@code features}, {@code training-examples} and {@code
 * ingest.dlq} from the moment it starts; {@code models} from the beginning (the history of
 * versions); {@code monitoring} from {@link #MONITORING_LOOKBACK} ago, so a drift event raised just
 * before the page opened still shows. Closes one second of the timeline every second, records or
 * not.
 */
final class ConsoleFeed implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleFeed.class);
  static final Duration MONITORING_LOOKBACK = Duration.ofHours(1);

  private final OspreyTopics topics;
  private final ConsoleState state;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AtomicLong unreadable = new AtomicLong();
  private volatile boolean running = true;
  private Thread thread;

  ConsoleFeed(KafkaClients kafka, OspreyTopics topics, ConsoleState state) {
    this.topics = topics;
    this.state = state;
    Map<String, Object> config = kafka.committedReader("osprey-console");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Positions on every topic (see the class comment), then reads on a daemon thread. */
  ConsoleFeed start() {
    List<TopicPartition> fromEnd = new ArrayList<>();
    List<TopicPartition> fromStart = new ArrayList<>();
    List<TopicPartition> recent = new ArrayList<>();
    for (String topic :
        List.of(
            topics.predictions().name(),
            topics.features().name(),
            topics.trainingExamples().name(),
            topics.deadLetters().name())) {
      fromEnd.addAll(partitions(topic));
    }
    fromStart.addAll(partitions(topics.models().name()));
    recent.addAll(partitions(topics.monitoring().name()));
    List<TopicPartition> all = new ArrayList<>(fromEnd);
    all.addAll(fromStart);
    all.addAll(recent);
    consumer.assign(all);
    consumer.seekToEnd(fromEnd);
    fromEnd.forEach(consumer::position); // resolve now: show only what happens from here on
    consumer.seekToBeginning(fromStart);
    Map<TopicPartition, Long> since = new HashMap<>();
    long lookback = System.currentTimeMillis() - MONITORING_LOOKBACK.toMillis();
    recent.forEach(partition -> since.put(partition, lookback));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
    List<TopicPartition> noneSince = new ArrayList<>();
    offsets.forEach(
        (partition, offset) -> {
          if (offset == null) {
            noneSince.add(partition);
          } else {
            consumer.seek(partition, offset.offset());
          }
        });
    consumer.seekToEnd(noneSince);
    thread = new Thread(this, "osprey-console-feed");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private List<TopicPartition> partitions(String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic)) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  @Override
  public void run() {
    long second = System.currentTimeMillis() / 1000;
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          try {
            handle(record, System.currentTimeMillis());
          } catch (RuntimeException e) {
            // anyone may write these topics: a record the console cannot read is skipped
            unreadable.incrementAndGet();
            LOG.debug("Unreadable record on {}: {}", record.topic(), e.toString());
          }
        }
        long now = System.currentTimeMillis() / 1000;
        while (second < now) {
          state.tick(second++);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("Console feed stopped by an error", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record, long arrivedAt) {
    String topic = record.topic();
    if (topic.equals(topics.predictions().name())) {
      state.onPrediction(topics.predictions().deserializeValue(record.value()), arrivedAt);
    } else if (topic.equals(topics.features().name())) {
      state.onFeatures(topics.features().deserializeValue(record.value()));
    } else if (topic.equals(topics.trainingExamples().name())) {
      state.onMatured(topics.trainingExamples().deserializeValue(record.value()));
    } else if (topic.equals(topics.deadLetters().name())) {
      state.onDeadLetter(topics.deadLetters().deserializeValue(record.value()));
    } else if (topic.equals(topics.monitoring().name())) {
      state.onMonitoring(topics.monitoring().deserializeValue(record.value()));
    } else if (topic.equals(topics.models().name()) && record.value() != null) {
      state.onModel(topics.models().deserializeValue(record.value()));
    }
  }

  long unreadable() {
    return unreadable.get();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
