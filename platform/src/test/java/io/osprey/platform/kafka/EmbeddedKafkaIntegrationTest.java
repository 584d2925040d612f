package io.osprey.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedKafkaIntegrationTest {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("it.");

  @BeforeAll
  static void start() {
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), TOPICS.all(), 2);
  }

  @Test
  void createsEveryTopicWithModelsCompacted() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get())
          .containsAll(TOPICS.all().stream().map(t -> t.name()).toList());
      ConfigResource models = new ConfigResource(ConfigResource.Type.TOPIC, TOPICS.models().name());
      String policy =
          admin
              .describeConfigs(List.of(models))
              .all()
              .get()
              .get(models)
              .get(TopicConfig.CLEANUP_POLICY_CONFIG)
              .value();
      assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    // Creating again is harmless.
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), TOPICS.all(), 2);
  }

  @Test
  void carriesAvroRecordsEndToEnd() {
    MonitoringEvent event =
        MonitoringEvent.newBuilder()
            .setKind("metric")
            .setComponent("test")
            .setMetric("events.in")
            .setValue(3)
            .setSeverity("INFO")
            .setTime(1L)
            .build();

    KafkaTestSupport.send(
        kafka.bootstrapServers(), TOPICS.monitoring(), List.of(Map.entry("events.in", event)));

    assertThat(KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), TOPICS.monitoring(), 1))
        .first()
        .satisfies(r -> assertThat(r.value()).isEqualTo(event));
  }
}
