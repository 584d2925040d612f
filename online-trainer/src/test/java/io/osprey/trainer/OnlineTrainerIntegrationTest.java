package io.osprey.trainer;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.monitoring.TrainerMetrics;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.ThresholdPolicy;
import io.osprey.trainer.testing.PretrainedChampions;
import io.osprey.trainer.testing.SyntheticPayments;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The trainer against a real in-process broker: publish, learn, restart, continue. */
class OnlineTrainerIntegrationTest {
  private static final String PREFIX = "it.";
  private static final int FIRST_RUN_EXAMPLES = 2_000;
  private static final int FOREIGN_SPEC_EXAMPLES = 10;
  private static final int SECOND_RUN_EXAMPLES = 600;
  private static final String GATED_PREFIX = "gated.";
  private static final String ROLLBACK_PREFIX = "rollback.";
  private static final String PROMOTE_PREFIX = "promote.";
  private static final int GATED_EXAMPLES = 3_000;

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  private static OspreyTopics topics;

  @BeforeAll
  static void startKafka() {
    topics = OspreyTopics.withPrefix(PREFIX);
    // Every test's topics up front: a send right after creation can stall on the embedded broker.
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
    TopicAdmin.ensureTopics(
        kafka.bootstrapServers(), OspreyTopics.withPrefix(GATED_PREFIX).all(), 2);
    TopicAdmin.ensureTopics(
        kafka.bootstrapServers(), OspreyTopics.withPrefix(ROLLBACK_PREFIX).all(), 2);
    TopicAdmin.ensureTopics(
        kafka.bootstrapServers(), OspreyTopics.withPrefix(PROMOTE_PREFIX).all(), 2);
  }

  @Test
  void publishesImprovingVersionsAndContinuesThemAfterARestart() {
    String bootstrap = kafka.bootstrapServers();
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "it-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 512)
            // By count only (the examples are a second of event time apart, so the event-time
            // trigger would add versions this test does not count).
            .with(TrainerSettings.PUBLISH_EVERY_EVENT_TIME, Duration.ZERO)
            .with(TrainerSettings.PUBLISH_CLEARLY_BETTER_Z, 0.0)
            .with(TrainerSettings.LEARNING_RATE, 0.02)
            // Ungated: every example trains and every version is champion.
            .with(TrainerSettings.GATE_ENABLED, false);
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
      assertThat(latest.getMetrics())
          .containsKeys("precision", "recall", "f1", "examples", "baseline_logreg_f1");
      assertThat(latest.getCodeVersion()).isNotBlank();
      // No hold-out without the gate: calibrated on the recent prequential window.
      assertThat(latest.getCalibration()).isNotNull();
      assertThat(latest.getCalibration().getMethod()).isEqualTo(Calibrator.PREQUENTIAL);
      assertThat(latest.getCalibration().getExamples()).isGreaterThanOrEqualTo(200);

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
      // The baseline was judged on exactly the same examples.
      assertThat(trainer.baselineEvaluation().sinceStart().total()).isEqualTo(FIRST_RUN_EXAMPLES);
      assertThat(trainer.baselineEvaluation().recentRanking().prAuc()).isGreaterThan(0.5);
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
              assertThat(event.getKind()).isIn("metric", "model", "alert");
              assertThat(event.getComponent()).isEqualTo("online-trainer");
              if (event.getKind().equals("alert")) { // the foreign-spec examples, set aside
                assertThat(event.getMetric()).isEqualTo(TrainerMonitoring.SET_ASIDE);
                assertThat(event.getDetail()).contains("spec_mismatch");
              }
            });
    assertThat(monitoring)
        .extracting(ConsumerRecord::key)
        .contains(
            "trainer.pr_auc",
            "trainer.roc_auc",
            "trainer.log_loss",
            "trainer.promotion",
            "baseline.logreg.pr_auc",
            "baseline.logreg.f1",
            "baseline.logreg.precision.since_start",
            "baseline.logreg.recall.since_start");

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
      // Readers may see v4 before the trainer has processed its own acknowledgement.
      await()
          .atMost(RECORD_DEADLINE)
          .until(() -> restarted.latestPublishedVersion().orElse(0) >= 4);
    }
  }

  @Test
  void gatesCandidatesOnHeldOutExamplesAndChoosesTheThreshold() {
    String bootstrap = kafka.bootstrapServers();
    OspreyTopics gated = OspreyTopics.withPrefix(GATED_PREFIX);
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, GATED_PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "gated-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 512)
            // By count only (the examples are a second of event time apart, so the event-time
            // trigger would add versions this test does not count).
            .with(TrainerSettings.PUBLISH_EVERY_EVENT_TIME, Duration.ZERO)
            .with(TrainerSettings.PUBLISH_CLEARLY_BETTER_Z, 0.0)
            .with(TrainerSettings.LEARNING_RATE, 0.02)
            .with(TrainerSettings.HOLDOUT_FRACTION, 0.2)
            .with(TrainerSettings.GATE_MIN_LABELS, 50)
            // No later candidate can beat the first by half a PR-AUC: they stay challengers.
            .with(TrainerSettings.GATE_MIN_IMPROVEMENT, 0.5)
            .with(TrainerSettings.THRESHOLD_TARGET, ThresholdPolicy.Target.ALERT_BUDGET)
            .with(TrainerSettings.ALERT_BUDGET, 0.05)
            .with(TrainerSettings.POSITIVE_WEIGHT, 2.0)
            .with(TrainerSettings.NEGATIVE_SAMPLE_RATE, 0.5);
    KafkaTestSupport.send(
        bootstrap, gated.trainingExamples(), new SyntheticPayments(23, 0.1).next(GATED_EXAMPLES));

    try (OnlineTrainer trainer = OnlineTrainer.start(settings, MetricsEndpoint.newRegistry())) {
      await()
          .atMost(RECORD_DEADLINE)
          .until(() -> trainer.examplesTrained() + trainer.examplesHeldOut() == GATED_EXAMPLES);
      assertThat(trainer.examplesHeldOut() / (double) GATED_EXAMPLES).isBetween(0.15, 0.25);

      List<ModelEnvelope> envelopes =
          KafkaTestSupport.readUntil(
                  bootstrap,
                  gated.models(),
                  records -> records.stream().anyMatch(r -> r.value().getVersion() >= 3),
                  RECORD_DEADLINE)
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      ModelEnvelope first = envelopes.get(0);
      assertThat(first.getRole()).isEqualTo(ModelEnvelopes.CHAMPION); // nothing to beat yet
      assertThat(first.getMetrics())
          .containsEntry(ImbalancePolicy.CORRECTION_METRIC, Math.log(0.5) - Math.log(2.0));
      assertThat(envelopes)
          .extracting(ModelEnvelope::getRole)
          .startsWith(
              ModelEnvelopes.CHAMPION, ModelEnvelopes.CHALLENGER, ModelEnvelopes.CHALLENGER);
      ModelEnvelope later = envelopes.get(2);
      assertThat(later.getMetrics())
          .containsKeys(
              "gate_candidate",
              "gate_champion",
              "held_out_labels",
              "pr_auc",
              "roc_auc",
              "log_loss",
              "precision_at_budget",
              "recall_at_budget");
      assertThat(later.getMetrics().get("held_out_labels")).isGreaterThanOrEqualTo(50);
      assertThat(later.getCalibration().getMethod()).isEqualTo(Calibrator.HOLDOUT);
      // The top 5% of scores: not the configured 0.5.
      assertThat(later.getThreshold()).isBetween(0.0, 1.0).isNotEqualTo(0.5);
    }

    List<ConsumerRecord<String, MonitoringEvent>> promotions =
        KafkaTestSupport.readUntil(
                bootstrap,
                gated.monitoring(),
                records ->
                    records.stream().filter(r -> r.key().equals("trainer.promotion")).count() >= 3,
                RECORD_DEADLINE)
            .stream()
            .filter(r -> r.key().equals("trainer.promotion"))
            .toList();
    assertThat(promotions.get(0).value().getKind()).isEqualTo("model");
    assertThat(promotions.get(0).value().getDetail()).contains("no champion yet");
    assertThat(promotions.get(2).value().getDetail()).contains("PR_AUC candidate");
  }

  @Test
  void rollsADegradedChampionBackToThePreviousGoodVersion() {
    String bootstrap = kafka.bootstrapServers();
    OspreyTopics rollback = OspreyTopics.withPrefix(ROLLBACK_PREFIX);
    // v1 learned the pattern; v2, its champion successor, learned it upside down.
    ModelEnvelope good = PretrainedChampions.champion("fraud", 1, false);
    ModelEnvelope bad = PretrainedChampions.champion("fraud", 2, true);
    KafkaTestSupport.send(
        bootstrap, rollback.models(), List.of(Map.entry("fraud", good), Map.entry("fraud", bad)));
    KafkaTestSupport.send(
        bootstrap, rollback.trainingExamples(), new SyntheticPayments(31, 0.1).next(1_200));
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, ROLLBACK_PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "rollback-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 400)
            // By count only: a candidate against an upside-down champion is "clearly better" at
            // once, before the hold-out holds enough labels to judge a rollback.
            .with(TrainerSettings.PUBLISH_EVERY_EVENT_TIME, Duration.ZERO)
            .with(TrainerSettings.PUBLISH_CLEARLY_BETTER_Z, 0.0)
            .with(TrainerSettings.HOLDOUT_FRACTION, 0.5)
            .with(TrainerSettings.GATE_MIN_LABELS, 100);

    try (OnlineTrainer trainer = OnlineTrainer.start(settings, MetricsEndpoint.newRegistry())) {
      List<ModelEnvelope> envelopes =
          KafkaTestSupport.readUntil(
                  bootstrap,
                  rollback.models(),
                  records -> records.stream().anyMatch(r -> r.value().getVersion() >= 3),
                  RECORD_DEADLINE)
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      ModelEnvelope restored = envelopes.get(2);
      assertThat(restored.getVersion()).isEqualTo(3);
      assertThat(restored.getRole()).isEqualTo(ModelEnvelopes.CHAMPION);
      assertThat(restored.getParentVersion()).isEqualTo(1);
      assertThat(restored.getChecksum()).isEqualTo(good.getChecksum()); // v1's very network
      assertThat(restored.getMetrics()).containsEntry("rolled_back_from_version", 2.0);
    }

    MonitoringEvent alert =
        KafkaTestSupport.readUntil(
                bootstrap,
                rollback.monitoring(),
                records -> records.stream().anyMatch(r -> r.key().equals("trainer.rollback")),
                RECORD_DEADLINE)
            .stream()
            .filter(r -> r.key().equals("trainer.rollback"))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(alert.getKind()).isEqualTo("alert");
    assertThat(alert.getSeverity()).isEqualTo("CRITICAL");
    assertThat(alert.getModelVersion()).isEqualTo(3);
    assertThat(alert.getDetail()).contains("rolled back from v2 to v1");
  }

  @Test
  void publishesAboveAVersionPromotedByHandWhileItRuns() {
    String bootstrap = kafka.bootstrapServers();
    OspreyTopics promote = OspreyTopics.withPrefix(PROMOTE_PREFIX);
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, PROMOTE_PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "promote-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 256)
            .with(TrainerSettings.GATE_ENABLED, false);
    SyntheticPayments payments = new SyntheticPayments(51, 0.05);
    KafkaTestSupport.send(bootstrap, promote.trainingExamples(), payments.next(600));

    try (OnlineTrainer trainer = OnlineTrainer.start(settings, MetricsEndpoint.newRegistry())) {
      await().atMost(RECORD_DEADLINE).until(() -> trainer.latestPublishedVersion().orElse(0) >= 2);
      // What `./osprey models promote 1` does meanwhile: v1's envelope as champion, far ahead.
      ModelEnvelope v1 = versionsOn(promote, bootstrap, 2).get(0);
      ModelEnvelope promoted =
          TestSigning.SIGNER.sign(
              ModelEnvelope.newBuilder(v1)
                  .setVersion(40)
                  .setParentVersion(1L)
                  .setRole(ModelEnvelopes.CHAMPION)
                  .build());
      KafkaTestSupport.send(bootstrap, promote.models(), List.of(Map.entry("fraud", promoted)));

      KafkaTestSupport.send(bootstrap, promote.trainingExamples(), payments.next(300));

      List<ModelEnvelope> all = versionsOn(promote, bootstrap, 41);
      ModelEnvelope next = all.get(all.size() - 1);
      assertThat(next.getVersion()).isEqualTo(41); // not 3: scorers would ignore it
      assertThat(all).extracting(ModelEnvelope::getVersion).containsExactly(1L, 2L, 40L, 41L);
      await().atMost(RECORD_DEADLINE).until(() -> trainer.latestPublishedVersion().orElse(0) == 41);
    }
  }

  /** Envelopes on {@code models} in offset order, once at least {@code version} has arrived. */
  private static List<ModelEnvelope> readVersions(String bootstrap, long version) {
    return versionsOn(topics, bootstrap, version);
  }

  private static List<ModelEnvelope> versionsOn(
      OspreyTopics topics, String bootstrap, long version) {
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
