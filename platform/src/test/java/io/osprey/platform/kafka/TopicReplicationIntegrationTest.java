package io.osprey.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.schema.topic.OspreyTopics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topic creation against a real broker whose rules change: a component must refuse, with the
 * setting's name, to create topics no acks=all producer could write, and must not create topics at
 * all when KafkaTopic resources own them.
 */
class TopicReplicationIntegrationTest {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  private static final ConfigResource CLUSTER_DEFAULT =
      new ConfigResource(ConfigResource.Type.BROKER, "");

  @AfterEach
  void restoreBrokerDefaults() throws Exception {
    // Kafka 4 (ELR) refuses to delete the cluster-level value: set the broker's default back.
    setClusterMinInsyncReplicas("1");
  }

  @Test
  void createsTopicsWithTheOneNodeBrokersDefaultReplication() throws Exception {
    OspreyTopics topics = OspreyTopics.withPrefix("demo.");
    TopicAdmin.ensureTopics(settings("demo."));
    try (Admin admin = admin()) {
      admin
          .describeTopics(topics.all().stream().map(t -> t.name()).toList())
          .allTopicNames()
          .get()
          .values()
          .forEach(d -> assertThat(d.partitions().get(0).replicas()).hasSize(1));
    }
  }

  @Test
  void refusesReplicationBelowTheClustersMinInsyncReplicasAndCreatesNothing() throws Exception {
    setClusterMinInsyncReplicas("2");

    assertThatThrownBy(() -> TopicAdmin.ensureTopics(settings("strict.")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("topics.replication.factor=0")
        .hasMessageContaining("min.insync.replicas=2");
    assertThat(topicNames()).noneMatch(name -> name.startsWith("strict."));
  }

  @Test
  void refusesMoreReplicasThanTheClusterHasBrokers() throws Exception {
    Settings settings = settings("wide.").with(CommonSettings.TOPIC_REPLICATION_FACTOR, 3);

    assertThatThrownBy(() -> TopicAdmin.ensureTopics(settings))
        .hasMessageContaining("topics.replication.factor=3")
        .hasMessageContaining("1 broker(s)");
    assertThat(topicNames()).noneMatch(name -> name.startsWith("wide."));
  }

  @Test
  void withCreationOffAMissingTopicIsAnErrorAndAnExistingOneIsUsed() throws Exception {
    Settings managed = settings("managed.").with(CommonSettings.TOPIC_CREATE, false);

    assertThatThrownBy(() -> TopicAdmin.ensureTopics(managed))
        .hasMessageContaining("topics.create=false")
        .hasMessageContaining("managed.transactions");
    assertThat(topicNames()).noneMatch(name -> name.startsWith("managed."));

    // What a KafkaTopic resource would do, then the component starts.
    TopicAdmin.ensureTopics(settings("managed."));
    TopicAdmin.ensureTopics(managed);
  }

  private static Settings settings(String prefix) {
    return Settings.empty()
        .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(CommonSettings.TOPIC_PREFIX, prefix)
        .with(CommonSettings.TOPIC_PARTITIONS, 1);
  }

  private static Admin admin() {
    return Admin.create(KafkaClients.plaintext(kafka.bootstrapServers()).admin());
  }

  private static java.util.Set<String> topicNames() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get();
    }
  }

  /** Sets the cluster-wide dynamic default of min.insync.replicas and waits until it applies. */
  private static void setClusterMinInsyncReplicas(String value) throws Exception {
    AlterConfigOp op =
        new AlterConfigOp(new ConfigEntry("min.insync.replicas", value), AlterConfigOp.OpType.SET);
    try (Admin admin = admin()) {
      admin.incrementalAlterConfigs(Map.of(CLUSTER_DEFAULT, List.of(op))).all().get();
    }
    // The broker applies a dynamic default asynchronously: wait until it reports it.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () -> {
              try (Admin admin = admin()) {
                String nodeId =
                    String.valueOf(admin.describeCluster().nodes().get().iterator().next().id());
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
                return value.equals(
                    admin
                        .describeConfigs(List.of(broker))
                        .all()
                        .get()
                        .get(broker)
                        .get("min.insync.replicas")
                        .value());
              }
            });
  }
}
