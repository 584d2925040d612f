package io.osprey.trainer;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.monitoring.TrainerMetrics;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.testing.SyntheticPayments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poison on a real broker: the example an ingest without feature bounds wrote for "a
 * payment of 1e-300, then an ordinary one on the same card" ({@code amount_to_mean_1h} = 1e302)
 * used to make every score NaN and hang the trainer in its metrics, before and after every restart.
 * Now it is set aside (counted, reported on {@code monitoring} with its offset) and the trainer
 * keeps training and publishing, before and after a restart.
 */
class PoisonExampleIntegrationTest {
  private static final String PREFIX = "poison.";
  private static final int BEFORE = 400;
  private static final int AFTER = 400;
  private static final int AFTER_RESTART = 300;

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void keepsTrainingAndPublishingPastThePoisonAndAfterARestart() {
    String bootstrap = kafka.bootstrapServers();
    OspreyTopics topics = OspreyTopics.withPrefix(PREFIX);
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 2);
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "poison-trainer")
            .with(TrainerSettings.BATCH_SIZE, 32)
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 256)
            .with(TrainerSettings.GATE_ENABLED, false);
    SyntheticPayments payments = new SyntheticPayments(5, 0.05);
    double[] poison = payments.values(false);
    poison[FeatureLayout.PAYMENTS.names().indexOf("amount_to_mean_1h")] = 1e302;
    double[] nan = payments.values(true);
    nan[0] = Double.NaN;
    List<Map.Entry<String, TrainingExample>> stream = new ArrayList<>(payments.next(BEFORE));
    stream.add(payments.withValues(poison, false));
    stream.add(payments.withValues(nan, true));
    stream.addAll(payments.next(AFTER));
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), stream);

    MeterRegistry registry = MetricsEndpoint.newRegistry();
    try (OnlineTrainer trainer = OnlineTrainer.start(settings, registry)) {
      await()
          .atMost(RECORD_DEADLINE)
          .until(() -> trainer.examplesTrained() == BEFORE + AFTER || !trainer.isRunning());
      assertThat(trainer.failure()).isEmpty();
      assertThat(trainer.examplesTrained()).isEqualTo(BEFORE + AFTER);
      assertThat(counter(registry, "out_of_bounds")).isEqualTo(1);
      assertThat(counter(registry, "non_finite")).isEqualTo(1);
      assertThat(trainer.evaluation().sinceStartRanking().logLoss()).isFinite();
      await().atMost(RECORD_DEADLINE).until(() -> trainer.latestPublishedVersion().orElse(0) >= 3);
    }

    List<MonitoringEvent> setAside =
        KafkaTestSupport.readUntil(
                bootstrap,
                topics.monitoring(),
                records -> asideIn(records).size() >= 2,
                RECORD_DEADLINE)
            .stream()
            .map(ConsumerRecord::value)
            .filter(e -> e.getMetric().equals(TrainerMonitoring.SET_ASIDE))
            .toList();
    assertThat(setAside)
        .extracting(MonitoringEvent::getDetail)
        .anySatisfy(d -> assertThat(d).contains("out_of_bounds", "amount_to_mean_1h = 1.0E302"))
        .anySatisfy(d -> assertThat(d).contains("non_finite", "amount_log = NaN"))
        .allSatisfy(d -> assertThat(d).containsPattern("poison\\.training-examples-[01]@\\d+"));

    // A restart resumes from the committed offsets and goes on: nothing to hang on.
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), payments.next(AFTER_RESTART));
    try (OnlineTrainer restarted = OnlineTrainer.start(settings, MetricsEndpoint.newRegistry())) {
      long resumedAt =
          versions(bootstrap, topics, 3).stream()
              .mapToLong(ModelEnvelope::getVersion)
              .max()
              .orElseThrow();
      await()
          .atMost(RECORD_DEADLINE)
          .until(() -> restarted.latestPublishedVersion().orElse(0) > resumedAt);
      assertThat(restarted.failure()).isEmpty();
      await()
          .atMost(RECORD_DEADLINE)
          .until(() -> restarted.examplesTrained() >= AFTER_RESTART || !restarted.isRunning());
      assertThat(restarted.failure()).isEmpty();
    }
  }

  private static List<ConsumerRecord<String, MonitoringEvent>> asideIn(
      List<ConsumerRecord<String, MonitoringEvent>> records) {
    return records.stream()
        .filter(r -> r.value().getMetric().equals(TrainerMonitoring.SET_ASIDE))
        .toList();
  }

  /** The envelopes on {@code models} once one of at least {@code version} is there. */
  private static List<ModelEnvelope> versions(String bootstrap, OspreyTopics topics, long version) {
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
