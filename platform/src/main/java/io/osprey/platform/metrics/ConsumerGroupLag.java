package io.osprey.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer lag of named consumer groups as the broker sees it: for each group and topic, the sum
 * over partitions of (end offset - committed offset), published as {@code
 * osprey.kafka.consumer.group.lag{group, topic}} (Prometheus {@code
 * osprey_kafka_consumer_group_lag}). One definition for every consumer, whatever its client: Kafka
 * Streams commits every {@code commit.interval.ms}, the trainer with each publication and Flink on
 * each checkpoint, so the figure moves in steps of that interval. Refreshed on a daemon thread; a
 * slow broker leaves the previous reading in place.
 */
public final class ConsumerGroupLag implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupLag.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Admin admin;
  private final List<String> groups;
  private final MeterRegistry registry;
  private final Map<String, Map<String, Long>> lagByGroupAndTopic = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "osprey-consumer-lag");
            thread.setDaemon(true);
            return thread;
          });

  private ConsumerGroupLag(Admin admin, List<String> groups, MeterRegistry registry) {
    this.admin = admin;
    this.groups = List.copyOf(groups);
    this.registry = registry;
  }

  /**
   * Watches {@code groups} with an admin client built from {@code adminConfig} (it needs DESCRIBE
   * on the groups and their topics) every {@code interval}.
   */
  public static ConsumerGroupLag start(
      Map<String, Object> adminConfig,
      List<String> groups,
      MeterRegistry registry,
      Duration interval) {
    ConsumerGroupLag lag = new ConsumerGroupLag(Admin.create(adminConfig), groups, registry);
    lag.refresher.scheduleWithFixedDelay(
        lag::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return lag;
  }

  /** The lag of {@code group} on {@code topic} at the last refresh, or -1 if never read. */
  public long lag(String group, String topic) {
    return lagByGroupAndTopic.getOrDefault(group, Map.of()).getOrDefault(topic, -1L);
  }

  void refresh() {
    for (String group : groups) {
      try {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends =
            admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> byTopic = new HashMap<>();
        committed.forEach(
            (partition, offset) -> {
              if (offset != null && ends.containsKey(partition)) {
                long lag = Math.max(0, ends.get(partition).offset() - offset.offset());
                byTopic.merge(partition.topic(), lag, Long::sum);
              }
            });
        byTopic.forEach((topic, lag) -> publish(group, topic, lag));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.debug("Lag of group {} not available: {}", group, e.toString());
      }
    }
  }

  private void publish(String group, String topic, long lag) {
    Map<String, Long> topics =
        lagByGroupAndTopic.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
    if (topics.put(topic, lag) == null) {
      Gauge.builder(
              "osprey.kafka.consumer.group.lag",
              lagByGroupAndTopic,
              all -> all.getOrDefault(group, Map.of()).getOrDefault(topic, 0L))
          .description("Records on the topic not yet committed by the consumer group")
          .tag("group", group)
          .tag("topic", topic)
          .register(registry);
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
