package io.osprey.trainer.bootstrap;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.RankingMetrics;
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
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.trainer.OnlineTrainer;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.monitoring.TrainerMetrics;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.ThresholdPolicy;
import io.osprey.trainer.testing.LakeFiles;
import io.osprey.trainer.testing.SyntheticPayments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid training against a real broker: a model bootstrapped from Parquet files in the lake is
 * published above the versions already on {@code models}, and the online trainer then continues
 * from its very weights and normaliser, skipping the lake's rows it meets again on the topic.
 */
class LakeBootstrapIntegrationTest {
  private static final String PREFIX = "lake.";
  private static final int LAKE_EXAMPLES = 5_000;
  private static final int ONLINE_EXAMPLES = 64;
  private static final int REPLAYED_LAKE_ROWS = 100;
  private static final double BUDGET = 0.05;

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  private static OspreyTopics topics;

  @TempDir Path lake;

  @BeforeAll
  static void createTopics() {
    topics = OspreyTopics.withPrefix(PREFIX);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
  }

  @Test
  void bootstrapsFromTheLakeThenLearnsOnlineFromThatModel() throws Exception {
    String bootstrap = kafka.bootstrapServers();
    // Someone's model is already on the topic, at v5.
    ModelEnvelope existing = untrained(5);
    KafkaTestSupport.send(bootstrap, topics.models(), List.of(Map.entry("fraud", existing)));
    // The lake: 5,000 examples over two days of event time, written in several files, one of
    // them replayed.
    SyntheticPayments payments = new SyntheticPayments(61, 0.08, 0.2);
    List<TrainingExample> lakeRows =
        payments.next(LAKE_EXAMPLES).stream().map(Map.Entry::getValue).toList();
    for (int i = 0; i < lakeRows.size(); i++) {
      lakeRows.get(i).getFeatures().setEventTime(SyntheticPayments.START_TIME + 30_000L * i);
    }
    LakeFiles.write(lake, lakeRows, 1_000, "a");
    LakeFiles.write(lake, lakeRows.subList(0, 500), 1_000, "replayed");
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(TrainerSettings.CONSUMER_GROUP, "lake-trainer")
            .with(TrainerSettings.THRESHOLD_TARGET, ThresholdPolicy.Target.ALERT_BUDGET)
            .with(TrainerSettings.ALERT_BUDGET, BUDGET)
            .with(TrainerSettings.BOOTSTRAP_MAX_EPOCHS, 8)
            .with(TrainerSettings.BOOTSTRAP_BATCH_SIZE, 64)
            .with(TrainerSettings.BOOTSTRAP_VALIDATION_FRACTION, 0.25);

    ModelEnvelope published = LakeBootstrap.run(settings, lake);

    // Lineage: newer than anything on the topic, parent the latest there, from the lake.
    assertThat(published.getVersion()).isEqualTo(6);
    assertThat(published.getParentVersion()).isEqualTo(5);
    assertThat(published.getRole()).isEqualTo(ModelEnvelopes.CHAMPION);
    assertThat(published.getSpecHash()).isEqualTo(FeatureLayout.PAYMENTS.specHash());
    TrainingWindow window = published.getTrainingWindow();
    assertThat(window.getOffsets())
        .isEqualTo("lake:" + lake.resolve("training-examples").toAbsolutePath());
    assertThat(window.getFromEventTime()).isEqualTo(SyntheticPayments.START_TIME);
    // Time split: training is the first 75% of the event-time range.
    long cut =
        SyntheticPayments.START_TIME + (long) Math.ceil(0.75 * 30_000L * (LAKE_EXAMPLES - 1));
    long training = (cut - SyntheticPayments.START_TIME + 29_999) / 30_000;
    assertThat(window.getExamples()).isEqualTo(training);
    assertThat(window.getToEventTime()).isLessThan(cut);
    assertThat(published.getMetrics())
        .containsEntry(BatchTrainer.VALIDATION_EXAMPLES, (double) (LAKE_EXAMPLES - training))
        .containsKeys(
            "pr_auc", "f1", "log_loss", BatchTrainer.BEST_EPOCH, ImbalancePolicy.CORRECTION_METRIC);
    assertThat(published.getMetrics().get("pr_auc")).isGreaterThan(0.6);
    assertThat(published.getCalibration().getMethod()).isEqualTo(Calibrator.VALIDATION);
    assertThat(published.getCodeVersion()).isNotBlank();

    // The scorer's path (calibrated scores) against the envelope's threshold flags the budget of
    // the validation examples: threshold and scores are on one scale.
    ScoringModel served = ModelEnvelopes.openForScoring(published);
    List<LabelledExample> validation =
        SyntheticPayments.labelled(lakeRows.stream().map(row -> Map.entry("", row)).toList())
            .subList((int) training, LAKE_EXAMPLES);
    long flagged =
        validation.stream()
            .filter(e -> served.score(e.values()) >= published.getThreshold())
            .count();
    long budget = (long) Math.ceil(BUDGET * validation.size());
    assertThat(flagged).isBetween(budget - 1, budget + 1);

    List<ConsumerRecord<String, ModelEnvelope>> onTopic =
        KafkaTestSupport.readUntil(
            bootstrap, topics.models(), records -> records.size() >= 2, RECORD_DEADLINE);
    assertThat(onTopic.get(1).value().getChecksum()).isEqualTo(published.getChecksum());
    MonitoringEvent event =
        KafkaTestSupport.readUntil(
                bootstrap,
                topics.monitoring(),
                records ->
                    records.stream().anyMatch(r -> r.key().equals(LakeBootstrap.MONITORING_METRIC)),
                RECORD_DEADLINE)
            .get(0)
            .value();
    assertThat(event.getModelVersion()).isEqualTo(6);
    assertThat(event.getDetail()).contains("bootstrapped from lake:");

    // The topic carries the lake's rows too (ingest writes both): the first 100 were learned by
    // the bootstrap and must not be learned again. Then new examples, after the lake's time.
    List<Map.Entry<String, TrainingExample>> alreadyLearned =
        lakeRows.subList(0, REPLAYED_LAKE_ROWS).stream()
            .map(row -> Map.entry(row.getFeatures().getEntityId(), row))
            .toList();
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), alreadyLearned);
    // Online learning continues from the bootstrapped network: its first batch is scored by
    // exactly that network (weights and normaliser), before any online step.
    List<Map.Entry<String, TrainingExample>> stream =
        new SyntheticPayments(62, 0.08, 0.2).next(ONLINE_EXAMPLES);
    long afterTheLake = SyntheticPayments.START_TIME + 30_000L * LAKE_EXAMPLES;
    for (int i = 0; i < stream.size(); i++) {
      stream.get(i).getValue().getFeatures().setEventTime(afterTheLake + 1_000L * i);
    }
    KafkaTestSupport.send(bootstrap, topics.trainingExamples(), stream);
    double[][] features =
        SyntheticPayments.labelled(stream).stream()
            .map(LabelledExample::values)
            .toArray(double[][]::new);
    double[] labels =
        SyntheticPayments.labelled(stream).stream().mapToDouble(e -> e.fraud() ? 1 : 0).toArray();
    double expectedLogLoss =
        RankingMetrics.of(ModelEnvelopes.open(published).scoreAll(features), labels, 1).logLoss();
    Settings online =
        settings
            .with(TrainerSettings.BATCH_SIZE, ONLINE_EXAMPLES)
            .with(TrainerSettings.BATCH_LINGER, Duration.ofMinutes(1))
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, ONLINE_EXAMPLES)
            .with(TrainerSettings.GATE_ENABLED, false);
    MeterRegistry registry = MetricsEndpoint.newRegistry();
    try (OnlineTrainer trainer = OnlineTrainer.start(online, registry)) {
      await().atMost(RECORD_DEADLINE).until(() -> trainer.examplesTrained() == ONLINE_EXAMPLES);
      assertThat(
              registry
                  .get(TrainerMetrics.EXAMPLES)
                  .tag("outcome", "already_learned")
                  .counter()
                  .count())
          .isEqualTo(REPLAYED_LAKE_ROWS);
      assertThat(trainer.evaluation().sinceStartRanking().logLoss())
          .isCloseTo(expectedLogLoss, offset(1e-5));
      List<ModelEnvelope> versions =
          KafkaTestSupport.readUntil(
                  bootstrap,
                  topics.models(),
                  records -> records.stream().anyMatch(r -> r.value().getVersion() == 7),
                  RECORD_DEADLINE)
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      ModelEnvelope next = versions.get(versions.size() - 1);
      assertThat(next.getParentVersion()).isEqualTo(6);
      assertThat(next.getTrainingWindow().getExamples()).isEqualTo(training + ONLINE_EXAMPLES);
      assertThat(next.getTrainingWindow().getFromEventTime()).isEqualTo(window.getFromEventTime());
    }
  }

  /** A champion of the right spec that knows nothing. */
  private static ModelEnvelope untrained(long version) {
    return ModelEnvelopes.seal(
        Dl4jMlp.create(MlpShape.DEFAULT, FeatureLayout.PAYMENTS.size()),
        new ModelEnvelopes.Publication(
            "fraud",
            version,
            null,
            ModelEnvelopes.CHAMPION,
            FeatureLayout.PAYMENTS.specHash(),
            FeatureLayout.PAYMENTS.names(),
            new TrainingWindow(0L, 1L, 1L, null),
            Map.of(),
            0.5,
            "test"),
        0,
        TestSigning.SIGNER);
  }
}
