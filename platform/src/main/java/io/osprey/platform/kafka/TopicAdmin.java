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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Osprey's topics if they are missing (existing topics are left as they are) and returns
 * once every partition has a leader: a producer that writes to a topic the moment it is created can
 * otherwise meet a leader change and, with idempotence, out-of-order sequence errors. The
 * replication factor comes from {@link TopicCreation} and is checked against the cluster's rules
 * ({@link BrokerTopicRules}) first; where KafkaTopic resources own the topics, creation is off and
 * a missing topic stops the component with a message.
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

  /**
   * Creates every Osprey topic named by {@code settings} (brokers, prefix, partitions, replication,
   * whether to create at all).
   */
  public static void ensureTopics(Settings settings) {
    ensureTopics(
        KafkaClients.from(settings),
        CommonSettings.topics(settings).all(),
        TopicCreation.from(settings));
  }

  /** Creates {@code topics} on an unsecured broker (the embedded one of tests). */
  public static void ensureTopics(
      String bootstrapServers, Collection<Topic<?, ?>> topics, int partitions) {
    ensureTopics(KafkaClients.plaintext(bootstrapServers), topics, partitions);
  }

  /**
   * Creates those of {@code topics} that do not exist yet and waits for their leaders. Topics that
   * exist are left alone, so a principal allowed to describe but not to create them (a producer on
   * a secured cluster) can run this too.
   */
  public static void ensureTopics(
      KafkaClients clients, Collection<Topic<?, ?>> topics, int partitions) {
    ensureTopics(clients, topics, TopicCreation.withPartitions(partitions));
  }

  /**
   * Creates those of {@code topics} that do not exist yet, as {@code creation} says, and waits for
   * their leaders.
   *
   * @throws IllegalStateException when a topic is missing and creation is off, or when the
   *     replication factor is one the cluster would reject (the message names the setting)
   */
  public static void ensureTopics(
      KafkaClients clients, Collection<Topic<?, ?>> topics, TopicCreation creation) {
    try (Admin admin = Admin.create(clients.admin())) {
      java.util.Set<String> existing = admin.listTopics().names().get();
      List<Topic<?, ?>> unlisted =
          topics.stream().filter(t -> !existing.contains(t.name())).toList();
      // On a secured cluster a listing shows only the topics this principal may describe: a topic
      // it may not see exists for someone else, it is not missing.
      java.util.Set<String> hidden = hidden(admin, unlisted);
      List<Topic<?, ?>> missing =
          unlisted.stream().filter(t -> !hidden.contains(t.name())).toList();
      if (!missing.isEmpty() && !creation.create()) {
        throw new IllegalStateException(
            "topics "
                + missing.stream().map(Topic::name).toList()
                + " do not exist and "
                + CommonSettings.TOPIC_CREATE.key()
                + "=false: create them first (deploy/cluster/kafka/topics.yaml)");
      }
      if (!missing.isEmpty()) {
        short replication =
            BrokerTopicRules.read(admin).replicationFactorFor(creation.replicationFactor());
        create(admin, missing, creation.partitions(), replication);
      }
      awaitLeaders(
          admin,
          topics.stream().map(t -> t.name()).filter(name -> !hidden.contains(name)).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot read topics or broker settings on " + clients, e.getCause());
    }
  }

  /** Those of {@code topics} that exist but this principal is not allowed to describe. */
  private static java.util.Set<String> hidden(Admin admin, List<Topic<?, ?>> topics)
      throws InterruptedException {
    java.util.Set<String> hidden = new java.util.HashSet<>();
    if (topics.isEmpty()) {
      return hidden;
    }
    for (Map.Entry<
            String,
            org.apache.kafka.common.KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>>
        described :
            admin
                .describeTopics(topics.stream().map(Topic::name).toList())
                .topicNameValues()
                .entrySet()) {
      try {
        described.getValue().get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
          hidden.add(described.getKey());
        }
      }
    }
    return hidden;
  }

  private static void create(
      Admin admin, Collection<Topic<?, ?>> topics, int partitions, short replication)
      throws InterruptedException {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      NewTopic newTopic = new NewTopic(topic.name(), partitions, replication);
      if (topic.compacted()) {
        // The lag keeps a week of superseded models for ./osprey models rollback (ModelRegistry).
        newTopic.configs(
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                String.valueOf(MIN_COMPACTION_LAG_MS)));
      }
      wanted.add(newTopic);
    }
    if (wanted.isEmpty()) {
      return;
    }
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result :
        admin.createTopics(wanted).values().entrySet()) {
      try {
        result.getValue().get();
      } catch (ExecutionException e) {
        // another process may have created it since the listing
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + result.getKey(), e.getCause());
        }
      }
    }
  }
}
