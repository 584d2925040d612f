package io.osprey.trainer;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trainer against a real in-process broker: publish, learn, restart, continue. */
class OnlineTrainerIntegrationTest {
  private static final String PREFIX = "it.";
  private static final int FIRST_RUN_EXAMPLES = 2_000;
  private static final int FOREIGN_SPEC_EXAMPLES = 10;
  private static final int SECOND_RUN_EXAMPLES = 600;

  private static EmbeddedKafka kafka;
  private static OspreyTopics topics;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startTemporary();
    topics = OspreyTopics.withPrefix(PREFIX);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void publishesImprovingVersionsAndContinuesThemAfterARestart() {
    String bootstrap = kafka.bootstrapServers();
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "it-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 512)
            .with(TrainerSettings.LEARNING_RATE, 0.02);
    SyntheticPayments payments = new SyntheticPayments(11, 0.05);
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), payments.next(FIRST_RUN_EXAMPLES));
    KafkaTestSupport.send(
        bootstrap, topics.trainingExamples(), payments.withForeignSpec(FOREIGN_SPEC_EXAMPLES));

    // First run: 2,000 examples, a version every 512.
    MeterRegistry registry = MetricsEndpoint.newRegistry();
    try (OnlineTrainer trainer = OnlineTrainer.start(settings, registry)) {
      List<ModelEnvelope> first = readVersions(bootstrap, 3);
      assertThat(first).extracting(ModelEnvelope::getVersion).containsExactly(1L, 2L, 3L);
      assertThat(first).extracting(ModelEnvelope::getParentVersion).containsExactly(null, 1L, 2L);
      assertThat(first)
          .extracting(envelope -> envelope.getTrainingWindow().getExamples())
          .isSorted()
          .allSatisfy(examples -> assertThat(examples).isPositive());

      ModelEnvelope latest = first.get(2);
      assertThat(latest.getRole()).isEqualTo(ModelEnvelopes.CHAMPION);
      assertThat(latest.getSpecHash()).isEqualTo(FeatureLayout.PAYMENTS.specHash());
      assertThat(latest.getFeatureNames()).isEqualTo(FeatureLayout.PAYMENTS.names());
      assertThat(latest.getThreshold()).isEqualTo(0.5);
      assertThat(latest.getTrainingWindow().getOffsets()).matches("0=\\d+,1=\\d+");
      assertThat(latest.getMetrics()).containsKeys("precision", "recall", "f1", "examples");
      assertThat(latest.getCodeVersion()).isNotBlank();

      ScoringModel model = ModelEnvelopes.open(latest);
      SyntheticPayments probes = new SyntheticPayments(99, 0.0);
      double fraudScore = 0;
      double normalScore = 0;
      for (int i = 0; i < 50; i++) {
        fraudScore += model.score(probes.values(true)) / 50;
        normalScore += model.score(probes.values(false)) / 50;
      }
      assertThat(fraudScore).isGreaterThan(normalScore + 0.3);

      await().atMost(RECORD_DEADLINE).until(() -> trainer.examplesTrained() == FIRST_RUN_EXAMPLES);
      assertThat(trainer.evaluation().sinceStart().total()).isEqualTo(FIRST_RUN_EXAMPLES);
      assertThat(trainer.evaluation().recent().recall()).isPositive();
      assertThat(trainer.latestPublishedVersion()).hasValue(3);
      assertThat(counter(registry, "trained")).isEqualTo(FIRST_RUN_EXAMPLES);
      assertThat(counter(registry, "spec_mismatch")).isEqualTo(FOREIGN_SPEC_EXAMPLES);
    }

    List<ConsumerRecord<String, MonitoringEvent>> monitoring =
        KafkaTestSupport.readUntil(
            bootstrap,
            topics.monitoring(),
            records -> records.stream().filter(r -> r.key().equals("trainer.f1")).count() >= 3,
            RECORD_DEADLINE);
    assertThat(monitoring)
        .extracting(ConsumerRecord::value)
        .allSatisfy(
            event -> {
              assertThat(event.getKind()).isEqualTo("metric");
              assertThat(event.getComponent()).isEqualTo("online-trainer");
            });

    // Second run: resumes from v3 and continues the sequence.
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), payments.next(SECOND_RUN_EXAMPLES));
    try (OnlineTrainer restarted = OnlineTrainer.start(settings, MetricsEndpoint.newRegistry())) {
      List<ModelEnvelope> all = readVersions(bootstrap, 4);
      ModelEnvelope v3 = all.get(2);
      ModelEnvelope v4 = all.get(3);
      assertThat(v4.getVersion()).isEqualTo(4);
      assertThat(v4.getParentVersion()).isEqualTo(3);
      assertThat(v4.getTrainingWindow().getExamples())
          .isGreaterThan(v3.getTrainingWindow().getExamples());
      assertThat(v4.getTrainingWindow().getFromEventTime())
          .isEqualTo(v3.getTrainingWindow().getFromEventTime());
      assertThat(restarted.latestPublishedVersion().getAsLong()).isGreaterThanOrEqualTo(4);
    }
  }

  /** Envelopes on {@code models} in offset order, once at least {@code version} has arrived. */
  private static List<ModelEnvelope> readVersions(String bootstrap, long version) {
    return KafkaTestSupport.readUntil(
            bootstrap,
            topics.models(),
            records -> records.stream().anyMatch(r -> r.value().getVersion() >= version),
            RECORD_DEADLINE)
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  private static double counter(MeterRegistry registry, String outcome) {
    return registry.get(TrainerMetrics.EXAMPLES).tag("outcome", outcome).counter().count();
  }
}
