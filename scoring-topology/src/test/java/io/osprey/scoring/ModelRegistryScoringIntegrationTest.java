package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.MODEL_NAME;
import static io.osprey.scoring.ScoringFixtures.ORDINARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.osprey.model.ModelEnvelopes;
import io.osprey.model.registry.ModelRegistry;
import io.osprey.model.registry.ModelVersion;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Listing, rollback and promotion by the model registry on a real broker, seen by a scorer. */
class ModelRegistryScoringIntegrationTest {
  private static final Duration DEADLINE = KafkaTestSupport.RECORD_DEADLINE;
  private static final long NOW = 1_800_000_000_000L;

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @TempDir static Path stateDir;

  @Test
  void listsVersionsRollsBackAndPromotesWithNewVersionsTheScorerServes() throws Exception {
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "admin.")
            .with(ScoringSettings.STATE_DIR, stateDir.toString())
            .with(ScoringSettings.HTTP_PORT, 0);
    OspreyTopics topics = CommonSettings.topics(settings);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
    ModelEnvelope v1 = ScoringFixtures.envelope(1, 0.5);
    ModelEnvelope v2 = ScoringFixtures.otherChampion(2, 0.5);
    KafkaTestSupport.send(
        kafka.bootstrapServers(),
        topics.models(),
        List.of(Map.entry(MODEL_NAME, v1), Map.entry(MODEL_NAME, v2)));

    try (ModelRegistry admin = admin(settings);
        ScoringService scoring = ScoringService.start(settings, new SimpleMeterRegistry())) {
      assertThat(admin.versions())
          .extracting(ModelVersion::version, ModelVersion::role)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1L, ModelEnvelopes.CHAMPION),
              org.assertj.core.groups.Tuple.tuple(2L, ModelEnvelopes.CHAMPION));
      assertThat(admin.versions(MODEL_NAME).get(1).metrics()).containsEntry("auc", 0.9);
      scoring.awaitRunning(DEADLINE);
      await().atMost(DEADLINE).until(() -> scoring.modelVersion() == 2);

      ModelEnvelope rolledBack = admin.rollback(MODEL_NAME);

      assertThat(rolledBack.getVersion()).isEqualTo(3);
      assertThat(rolledBack.getParentVersion()).isEqualTo(1L);
      assertThat(rolledBack.getChecksum()).isEqualTo(v1.getChecksum());
      assertThat(rolledBack.getCreatedAt()).isEqualTo(NOW);
      await().atMost(DEADLINE).until(() -> scoring.modelVersion() == 3);
      KafkaTestSupport.send(
          kafka.bootstrapServers(),
          topics.features(),
          List.of(Map.entry("card-1", ScoringFixtures.vector("evt-1", ORDINARY))));
      Prediction prediction =
          KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.predictions(), 1)
              .get(0)
              .value();
      assertThat(prediction.getModelVersion()).isEqualTo(3);
      double v1Score =
          ModelEnvelopes.openForScoring(v1)
              .score(ORDINARY.stream().mapToDouble(Double::doubleValue).toArray());
      assertThat(prediction.getScore()).isEqualTo(v1Score);

      ModelEnvelope promoted = admin.promote(MODEL_NAME, 2);
      assertThat(promoted.getVersion()).isEqualTo(4);
      assertThat(promoted.getParentVersion()).isEqualTo(2L);
      // Rolling back again returns to the model before v4 (v1's payload as v3), not ping-pong.
      assertThat(admin.rollback(MODEL_NAME).getParentVersion()).isEqualTo(3L);
      await().atMost(DEADLINE).until(() -> scoring.modelVersion() == 5);
      assertThat(admin.versions(MODEL_NAME))
          .extracting(ModelVersion::version)
          .containsExactly(1L, 2L, 3L, 4L, 5L);

      assertThatThrownBy(() -> admin.promote(MODEL_NAME, 99))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not on");
      assertThatThrownBy(() -> admin.promote(MODEL_NAME, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already the champion");
      assertThatThrownBy(() -> admin.rollback("unknown")).isInstanceOf(IllegalStateException.class);
    }
  }

  /**
   * The attack of issue 11: a genuine payload republished unsigned as version Long.MAX_VALUE with
   * threshold 1.0 (and the same signed by an unknown key) used to pin the model and make rollback
   * overflow. Now the scorer refuses and reports both, and rollback goes on from the genuine v2.
   */
  @Test
  void aForgedMaxVersionIsRefusedAndRollbackStillWorks() throws Exception {
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "forged.")
            .with(ScoringSettings.STATE_DIR, stateDir.resolve("forged").toString())
            .with(ScoringSettings.HTTP_PORT, 0);
    OspreyTopics topics = CommonSettings.topics(settings);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
    ModelEnvelope v1 = ScoringFixtures.envelope(1, 0.5);
    ModelEnvelope v2 = ScoringFixtures.otherChampion(2, 0.5);
    ModelEnvelope forged =
        ModelEnvelope.newBuilder(v2)
            .setVersion(Long.MAX_VALUE)
            .setThreshold(1.0)
            .setSignature(null)
            .build();
    ModelEnvelope strangers =
        TestSigning.stranger()
            .sign(ModelEnvelope.newBuilder(v2).setVersion(Long.MAX_VALUE - 1).build());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (ModelRegistry admin = admin(settings);
        ScoringService scoring = ScoringService.start(settings, registry)) {
      scoring.awaitRunning(DEADLINE);
      KafkaTestSupport.send(
          kafka.bootstrapServers(),
          topics.models(),
          List.of(
              Map.entry(MODEL_NAME, v1),
              Map.entry(MODEL_NAME, v2),
              Map.entry(MODEL_NAME, forged),
              Map.entry(MODEL_NAME, strangers)));
      await()
          .atMost(DEADLINE)
          .until(() -> registry.get("osprey.scoring.model.refused").counter().count() == 2.0);
      assertThat(scoring.modelVersion()).isEqualTo(2);
      List<MonitoringEvent> refusals =
          KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.monitoring(), 4).stream()
              .map(r -> r.value())
              .filter(e -> e.getMetric().equals(AdmissionEvents.REFUSED))
              .toList();
      assertThat(refusals)
          .extracting(MonitoringEvent::getModelVersion)
          .containsExactlyInAnyOrder(Long.MAX_VALUE, Long.MAX_VALUE - 1);

      assertThat(admin.versions(MODEL_NAME))
          .filteredOn(v -> !v.trusted())
          .extracting(ModelVersion::version)
          .containsExactlyInAnyOrder(Long.MAX_VALUE, Long.MAX_VALUE - 1);
      ModelEnvelope rolledBack = admin.rollback(MODEL_NAME);

      assertThat(rolledBack.getVersion()).isEqualTo(3);
      assertThat(rolledBack.getParentVersion()).isEqualTo(1L);
      await().atMost(DEADLINE).until(() -> scoring.modelVersion() == 3);
    }
  }

  private static ModelRegistry admin(Settings settings) {
    return new ModelRegistry(
        KafkaClients.plaintext(kafka.bootstrapServers()),
        CommonSettings.topics(settings).models(),
        () -> NOW,
        Optional.of(TestSigning.SIGNER),
        EnvelopeTrust.of(settings, TestSigning.SIGNER));
  }
}
