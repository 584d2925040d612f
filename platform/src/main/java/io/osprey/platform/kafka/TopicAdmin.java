package io.osprey.platform.kafka;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Osprey's topics if they are missing (existing topics are left as they are) and returns
 * once every partition has a leader: a producer that writes to a topic the moment it is created can
 * otherwise meet a leader change and, with idempotence, out-of-order sequence errors.
 */
public final class TopicAdmin {
  private static final Duration LEADER_DEADLINE = Duration.ofSeconds(60);
  private static final long MIN_COMPACTION_LAG_MS = java.time.Duration.ofDays(7).toMillis();

  private TopicAdmin() {}

  private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + LEADER_DEADLINE.toNanos();
    while (true) {
      try {
        boolean ready =
            admin.describeTopics(names).allTopicNames().get().values().stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(partition -> partition.leader() != null);
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        // metadata not propagated yet: ask again
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "partitions of " + names + " have no leader after " + LEADER_DEADLINE);
      }
      Thread.sleep(50); // a bounded poll of broker metadata, not a wait for time to pass
    }
  }

  /** Creates every Osprey topic named by {@code settings} (brokers, prefix, partitions). */
  public static void ensureTopics(Settings settings) {
    ensureTopics(
        settings.get(CommonSettings.BOOTSTRAP_SERVERS),
        CommonSettings.topics(settings).all(),
        settings.get(CommonSettings.TOPIC_PARTITIONS));
  }

  public static void ensureTopics(
      String bootstrapServers, Collection<Topic<?, ?>> topics, int partitions) {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      NewTopic newTopic = new NewTopic(topic.name(), partitions, (short) 1);
      if (topic.compacted()) {
        newTopic.configs(
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      }
      wanted.add(newTopic);
    }
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result :
          admin.createTopics(wanted).values().entrySet()) {
        try {
          result.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + result.getKey(), e.getCause());
          }
        }
      }
      awaitLeaders(admin, wanted.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
