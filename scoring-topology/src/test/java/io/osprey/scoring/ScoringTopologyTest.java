package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.BURST;
import static io.osprey.scoring.ScoringFixtures.EVENT_TIME;
import static io.osprey.scoring.ScoringFixtures.ORDINARY;
import static io.osprey.scoring.ScoringFixtures.challenger;
import static io.osprey.scoring.ScoringFixtures.envelope;
import static io.osprey.scoring.ScoringFixtures.otherChampion;
import static io.osprey.scoring.ScoringFixtures.republished;
import static io.osprey.scoring.ScoringFixtures.tampered;
import static io.osprey.scoring.ScoringFixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.osprey.model.PlattCalibration;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.Settings;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology, driven record by record with injected serdes and no broker. */
class ScoringTopologyTest {
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("test.");

  @TempDir Path stateDir;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final List<MonitoringEvent> monitoring = new CopyOnWriteArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, FeatureVector> features;
  private TestInputTopic<String, ModelEnvelope> models;
  private TestOutputTopic<String, Prediction> predictions;

  @BeforeEach
  void start() {
    Settings settings =
        TestSigning.settings(
            Settings.of(java.util.Map.of(ScoringSettings.STATE_DIR.key(), stateDir.toString())));
    ScoringMetrics metrics = new ScoringMetrics(registry);
    Properties props = ScoringTopology.streamsConfig(settings);
    props.put(CountingDeserializationHandler.METRICS_CONFIG, metrics);
    driver =
        new TopologyTestDriver(
            new ScoringTopology(metrics, monitoring::add)
                .buildTopology(ScoringConfig.from(settings), TOPICS),
            props);
    features =
        driver.createInputTopic(
            TOPICS.features().name(),
            TOPICS.features().keySerde().serializer(),
            TOPICS.features().valueSerde().serializer());
    models =
        driver.createInputTopic(
            TOPICS.models().name(),
            TOPICS.models().keySerde().serializer(),
            TOPICS.models().valueSerde().serializer());
    predictions =
        driver.createOutputTopic(
            TOPICS.predictions().name(),
            TOPICS.predictions().keySerde().deserializer(),
            TOPICS.predictions().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void fallbackRuleScoresUntilAModelArrivesThenModelsSwapWithoutRestart() {
    Prediction first = score("e1", BURST);
    assertThat(first.getFallback()).isTrue();
    assertThat(first.getModelName()).isEqualTo(FallbackRule.NAME);
    assertThat(first.getModelVersion()).isZero();
    assertThat(first.getDecision()).isEqualTo(DecisionBands.REVIEW);
    assertThat(first.getReasons()).extracting(Reason::getFeature).containsExactly("count_1h");
    assertThat(fallbacks("no_model")).isEqualTo(1.0);

    publish(envelope(1, 0.5));
    Prediction second = score("e2", ORDINARY);
    assertThat(second.getFallback()).isFalse();
    assertThat(second.getModelName()).isEqualTo(ScoringFixtures.MODEL_NAME);
    assertThat(second.getModelVersion()).isEqualTo(1);
    assertThat(second.getThreshold()).isEqualTo(0.5);

    publish(envelope(2, 0.5));
    assertThat(score("e3", ORDINARY).getModelVersion()).isEqualTo(2);

    assertThat(registry.get("osprey.scoring.model.version").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("osprey.scoring.model.swaps").counter().count()).isEqualTo(2.0);
    assertThat(monitoring)
        .extracting(MonitoringEvent::getMetric)
        .containsOnly(AdmissionEvents.ACCEPTED);
  }

  @Test
  void refusedEnvelopesAreReportedAndThePreviousModelStaysLive() {
    publish(envelope(1, 0.5));
    publish(tampered(2));
    assertThat(score("e1", ORDINARY).getModelVersion()).isEqualTo(1);

    publish(envelope(3, 0.5, "0123456789abcdef"));
    assertThat(score("e2", ORDINARY).getModelVersion()).isEqualTo(1);

    List<MonitoringEvent> refusals =
        monitoring.stream().filter(e -> e.getMetric().equals(AdmissionEvents.REFUSED)).toList();
    assertThat(refusals).hasSize(2);
    assertThat(refusals)
        .allSatisfy(
            e -> {
              assertThat(e.getKind()).isEqualTo("model");
              assertThat(e.getSeverity()).isEqualTo("WARN");
              assertThat(e.getComponent()).isEqualTo("scoring-topology");
            });
    assertThat(refusals.get(0).getDetail()).contains("checksum mismatch");
    assertThat(refusals.get(0).getModelVersion()).isEqualTo(2L);
    assertThat(refusals.get(1).getDetail()).contains("spec hash");
    assertThat(registry.get("osprey.scoring.model.refused").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("osprey.scoring.model.version").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void flaggedModelPredictionsNameTheirTopThreeFeatures() {
    publish(envelope(1, 0.0)); // every score is >= 0: everything is declined

    Prediction prediction = score("e1", ORDINARY);

    assertThat(prediction.getDecision()).isEqualTo(DecisionBands.DECLINE);
    assertThat(prediction.getReasons()).hasSize(3);
    assertThat(prediction.getReasons())
        .extracting(Reason::getFeature)
        .allMatch(ScoringFixtures.LAYOUT.names()::contains)
        .doesNotHaveDuplicates();
    List<Double> contributions =
        prediction.getReasons().stream().map(Reason::getContribution).toList();
    assertThat(contributions).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void predictionsAreKeyedByEventIdAndCarryTheVectorsTimes() {
    features.pipeInput("card-1", vector("evt-42", ORDINARY));

    KeyValue<String, Prediction> record = predictions.readKeyValue();

    assertThat(record.key).isEqualTo("evt-42");
    assertThat(record.value.getEventTime()).isEqualTo(ScoringFixtures.EVENT_TIME);
    assertThat(record.value.getIngestTime()).isEqualTo(ScoringFixtures.EVENT_TIME + 5);
    assertThat(record.value.getFeatureTime()).isEqualTo(ScoringFixtures.EVENT_TIME + 10);
    assertThat(record.value.getScoredTime()).isGreaterThan(ScoringFixtures.EVENT_TIME);
    // The entity's last prediction is kept, as published, for the HTTP endpoint's queries.
    org.apache.kafka.streams.state.KeyValueStore<String, byte[]> last =
        driver.getKeyValueStore(LastPredictionStore.NAME);
    assertThat(TOPICS.predictions().deserializeValue(last.get("card-1"))).isEqualTo(record.value);
  }

  @Test
  void vectorsOfAnotherSpecFallBackAndBadRecordsAreSkipped() {
    publish(envelope(1, 0.5));
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(
            TOPICS.features().name(), new StringSerializer(), new ByteArraySerializer());

    TestInputTopic<String, byte[]> rawModels =
        driver.createInputTopic(
            TOPICS.models().name(), new StringSerializer(), new ByteArraySerializer());

    raw.pipeInput("card-1", new byte[] {1, 2, 3});
    rawModels.pipeInput("payments", new byte[] {4, 5, 6});
    features.pipeInput("card-1", vector("e1", "another-spec", ORDINARY));

    Prediction prediction = predictions.readValue();
    assertThat(prediction.getFallback()).isTrue();
    assertThat(prediction.getModelVersion()).isZero();
    assertThat(predictions.isEmpty()).isTrue();
    assertThat(fallbacks("spec_mismatch")).isEqualTo(1.0);
    assertThat(
            registry
                .get("osprey.scoring.deserialization.errors")
                .tag("topic", TOPICS.features().name())
                .counter()
                .count())
        .isEqualTo(1.0);
    // The driver skips bad global records with its own LogAndContinueExceptionHandler, so the
    // count on models is asserted by ScoringIntegrationTest; here: the served model survives.
    assertThat(registry.get("osprey.scoring.model.version").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void challengerIsScoredInShadowWithAgreementStatisticsPerVersion() {
    publish(envelope(1, 0.99)); // the champion approves ordinary payments
    publish(challenger(2, 0.0)); // this challenger would decline everything

    Prediction prediction = score("e1", ORDINARY);

    assertThat(prediction.getModelVersion()).isEqualTo(1);
    assertThat(prediction.getDecision()).isEqualTo(DecisionBands.APPROVE);
    assertThat(prediction.getChallengerName()).isEqualTo(ScoringFixtures.MODEL_NAME);
    assertThat(prediction.getChallengerVersion()).isEqualTo(2L);
    double expected =
        ScoringFixtures.otherModel()
            .score(ORDINARY.stream().mapToDouble(Double::doubleValue).toArray());
    assertThat(prediction.getChallengerScore()).isCloseTo(expected, within(1e-5)); // vs DL4J
    assertThat(gauge("osprey.scoring.challenger.agreement.rate")).isZero();
    assertThat(gauge("osprey.scoring.challenger.score.difference.mean"))
        .isCloseTo(Math.abs(prediction.getChallengerScore() - prediction.getScore()), within(1e-12))
        .isPositive();
    assertThat(gauge("osprey.scoring.challenger.version")).isEqualTo(2.0);

    // The champion's own network as challenger agrees: statistics start again for v3.
    publish(
        ScoringFixtures.envelope(
            ScoringFixtures.model(), 3, 0.99, io.osprey.model.ModelEnvelopes.CHALLENGER));
    score("e2", ORDINARY);
    score("e3", ORDINARY);

    assertThat(gauge("osprey.scoring.challenger.agreement.rate")).isEqualTo(1.0);
    assertThat(gauge("osprey.scoring.challenger.score.difference.mean")).isZero();
    assertThat(
            registry
                .get("osprey.scoring.challenger.predictions")
                .tag("agreement", "agree")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("osprey.scoring.challenger.predictions")
                .tag("agreement", "disagree")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void challengerWithoutChampionShadowsTheFallbackAndBadChallengersAreRefused() {
    publish(ModelEnvelope.newBuilder(challenger(1, 0.5)).setChecksum("00".repeat(32)).build());
    assertThat(score("e1", ORDINARY).getChallengerVersion()).isNull();

    publish(challenger(2, 0.5));
    Prediction prediction = score("e2", ORDINARY);

    assertThat(prediction.getFallback()).isTrue();
    assertThat(prediction.getChallengerVersion()).isEqualTo(2L);
    assertThat(monitoring)
        .extracting(MonitoringEvent::getMetric)
        .containsExactly(AdmissionEvents.REFUSED, AdmissionEvents.ACCEPTED);
  }

  @Test
  void promotingTheChallengerRetiresItsShadow() {
    publish(envelope(1, 0.5));
    ModelEnvelope challenger = challenger(2, 0.5);
    publish(challenger);
    assertThat(score("e1", ORDINARY).getChallengerVersion()).isEqualTo(2L);

    publish(republished(challenger, 3));
    Prediction prediction = score("e2", ORDINARY);

    assertThat(prediction.getModelVersion()).isEqualTo(3);
    assertThat(prediction.getChallengerVersion()).isNull();
    assertThat(prediction.getChallengerScore()).isNull();
    assertThat(gauge("osprey.scoring.challenger.version")).isZero();
  }

  @Test
  void rollbackToARetainedVersionSwapsWithoutLoadingAndHistoryIsBounded() {
    ModelEnvelope v1 = envelope(1, 0.5);
    publish(v1);
    double v1Score = score("e1", ORDINARY).getScore();
    publish(otherChampion(2, 0.5));
    assertThat(score("e2", ORDINARY).getScore()).isNotEqualTo(v1Score);
    double loads = registry.get("osprey.scoring.model.loads").counter().count();

    publish(republished(v1, 3)); // the network of v1 again, as a rollback publishes it
    Prediction rolledBack = score("e3", ORDINARY);

    assertThat(rolledBack.getModelVersion()).isEqualTo(3);
    assertThat(rolledBack.getScore()).isEqualTo(v1Score);
    assertThat(registry.get("osprey.scoring.model.loads").counter().count()).isEqualTo(loads);

    for (long version = 4; version <= 8; version++) {
      publish(republished(v1, version));
    }
    AdmittedModelStore store =
        new AdmittedModelStore(driver.getKeyValueStore(AdmittedModelStore.NAME));
    assertThat(store.history(ScoringFixtures.MODEL_NAME))
        .extracting(ModelEnvelope::getVersion)
        .containsExactly(4L, 5L, 6L, 7L, 8L); // scoring.models.retained = 5
    assertThat(score("e4", ORDINARY).getModelVersion()).isEqualTo(8);
  }

  @Test
  void aRepublicationWithANewCalibrationIsScoredWithIt() {
    ModelEnvelope v1 = envelope(1, 0.5);
    publish(v1);
    double raw = score("e1", ORDINARY).getScore();

    // The same network and normaliser, re-calibrated: the compiled network may be reused, its
    // calibration may not.
    PlattCalibration sharper = new PlattCalibration(2.0, 0.5);
    publish(
        TestSigning.SIGNER.sign(
            ModelEnvelope.newBuilder(republished(v1, 2))
                .setCalibration(sharper.toAvro("test", 500))
                .build()));
    Prediction recalibrated = score("e2", ORDINARY);

    assertThat(recalibrated.getModelVersion()).isEqualTo(2);
    assertThat(recalibrated.getScore()).isCloseTo(sharper.apply(raw), offset(1e-9));
  }

  @Test
  void forgedEnvelopesAreRefusedAndReportedWhateverTheFieldOrVersion() {
    ModelEnvelope v1 = envelope(1, 0.5);
    publish(v1);
    ModelEnvelope genuine = envelope(2, 0.5);
    Map<String, UnaryOperator<ModelEnvelope.Builder>> forgeries = new LinkedHashMap<>();
    forgeries.put("threshold 1.0, v5000", b -> b.setThreshold(1.0).setVersion(5000));
    forgeries.put("version Long.MAX_VALUE", b -> b.setVersion(Long.MAX_VALUE));
    forgeries.put("the served version, payload flipped", b -> flipPayload(b).setVersion(1));
    forgeries.put("an older version", b -> b.setVersion(0).setThreshold(1.0));
    forgeries.put("payload", ScoringTopologyTest::flipPayload);
    forgeries.put("threshold", b -> b.setThreshold(0.99));
    forgeries.put(
        "calibration", b -> b.setCalibration(new PlattCalibration(1.0, -20.0).toAvro("forged", 1)));
    forgeries.put("normaliser mean", b -> b.setFeatureMean(shifted(genuine.getFeatureMean())));
    forgeries.put("normaliser std", b -> b.setFeatureStd(shifted(genuine.getFeatureStd())));
    forgeries.put("role", b -> b.setRole(io.osprey.model.ModelEnvelopes.CHALLENGER));
    forgeries.put("parent version", b -> b.setParentVersion(null));
    forgeries.put("spec hash", b -> b.setSpecHash("0123456789abcdef"));
    forgeries.put("feature names", b -> b.setFeatureNames(reversed(genuine.getFeatureNames())));
    forgeries.put(
        "training window", b -> b.setTrainingWindow(new TrainingWindow(0L, 1L, 2L, "0=0-1")));
    forgeries.put("created at", b -> b.setCreatedAt(genuine.getCreatedAt() + 1));
    forgeries.put("format", b -> b.setFormat("other"));

    forgeries.values().forEach(forge -> publish(ScoringFixtures.forged(genuine, forge)));

    assertThat(score("e1", ORDINARY).getModelVersion()).isEqualTo(1);
    assertThat(score("e1", ORDINARY).getThreshold()).isEqualTo(0.5);
    List<MonitoringEvent> refusals = refusals();
    assertThat(refusals).hasSize(forgeries.size());
    assertThat(refusals)
        .allSatisfy(e -> assertThat(e.getDetail()).contains("signature").contains("not match"));
    assertThat(registry.get("osprey.scoring.model.refused").counter().count())
        .isEqualTo(forgeries.size());
  }

  @Test
  void unsignedAndUntrustedEnvelopesAreRefusedAndReported() {
    publish(ModelEnvelope.newBuilder(envelope(1, 0.5)).setSignature(null).build());
    publish(TestSigning.stranger().sign(envelope(2, 0.5)));

    assertThat(score("e1", ORDINARY).getFallback()).isTrue();
    assertThat(refusals())
        .extracting(MonitoringEvent::getDetail)
        .satisfiesExactly(
            d -> assertThat(d).contains("unsigned"), d -> assertThat(d).contains("not trusted"));
    assertThat(registry.get("osprey.scoring.model.refused").counter().count()).isEqualTo(2.0);
  }

  @Test
  void aSameVersionVariantIsRefusedAndAnIdenticalRepeatIsIgnored() {
    ModelEnvelope v1 = envelope(1, 0.5);
    publish(v1);
    publish(v1); // the same record delivered again (a restart, a replay)

    assertThat(refusals()).isEmpty();
    assertThat(monitoring).hasSize(1); // the first acceptance only

    // Different content under the served version, even signed by the trusted key, is refused.
    publish(TestSigning.SIGNER.sign(ModelEnvelope.newBuilder(v1).setThreshold(0.9).build()));

    assertThat(refusals())
        .singleElement()
        .satisfies(
            e -> assertThat(e.getDetail()).contains("already served with different content"));
    assertThat(score("e1", ORDINARY).getThreshold()).isEqualTo(0.5);
  }

  @Test
  void aVersionJumpBeyondTheBoundIsRefused() {
    publish(envelope(1, 0.5));
    publish(envelope(1_000_002, 0.5)); // models.version.max.jump = 1,000,000 by default
    assertThat(score("e1", ORDINARY).getModelVersion()).isEqualTo(1);
    assertThat(refusals())
        .singleElement()
        .satisfies(e -> assertThat(e.getDetail()).contains("jumps"));

    publish(envelope(1_000_001, 0.5));
    assertThat(score("e2", ORDINARY).getModelVersion()).isEqualTo(1_000_001);
  }

  @Test
  void aModelServedFromBeforeSigningIsReplacedByAnySignedVersion() {
    // What an upgraded scorer restores from its store: an unsigned champion at a high version.
    ModelEnvelope legacy = ModelEnvelope.newBuilder(envelope(500, 0.5)).setSignature(null).build();
    new AdmittedModelStore(driver.getKeyValueStore(AdmittedModelStore.NAME))
        .serve(ModelRole.CHAMPION, legacy, 5);

    publish(envelope(1, 0.5)); // the upgraded trainer starts its signed sequence again

    assertThat(refusals()).isEmpty();
    assertThat(score("e1", ORDINARY).getModelVersion()).isEqualTo(1);
  }

  private List<MonitoringEvent> refusals() {
    return monitoring.stream().filter(e -> e.getMetric().equals(AdmissionEvents.REFUSED)).toList();
  }

  private static ModelEnvelope.Builder flipPayload(ModelEnvelope.Builder builder) {
    ByteBuffer payload = builder.getPayload();
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    bytes[bytes.length / 2] ^= 0x01;
    return builder.setPayload(ByteBuffer.wrap(bytes));
  }

  private static List<Double> shifted(List<Double> values) {
    return values.stream().map(v -> v + 0.5).toList();
  }

  private static List<String> reversed(List<String> names) {
    List<String> copy = new ArrayList<>(names);
    Collections.reverse(copy);
    return copy;
  }

  @Test
  void theServedModelsAgeIsMeasuredInEventTimeAndRaisesOneAlertPerVersionPastTheLimit() {
    long hour = 3_600_000L;
    long day = 24 * hour;
    score("before-any-model", ORDINARY); // the fallback rule's predictions have no model age
    assertThat(gauge(ScoringMetrics.MODEL_AGE_EVENT_TIME)).isNegative();

    publish(envelope(1, 0.5)); // trained through EVENT_TIME
    scoreAt("a1", EVENT_TIME + hour);
    assertThat(gauge(ScoringMetrics.MODEL_AGE_EVENT_TIME)).isEqualTo(3_600.0);
    assertThat(gauge(ScoringMetrics.MODEL_AGE_EVENTS)).isEqualTo(1.0);
    assertThat(ageAlerts()).isEmpty();

    // Past scoring.model.max.age (a day by default): one alert, not one per event.
    scoreAt("a2", EVENT_TIME + 2 * day);
    scoreAt("a3", EVENT_TIME + 3 * day);
    scoreAt("a4", EVENT_TIME + hour); // late events do not make the model younger
    assertThat(gauge(ScoringMetrics.MODEL_AGE_EVENT_TIME)).isEqualTo(3 * 86_400.0);
    assertThat(gauge(ScoringMetrics.MODEL_AGE_EVENTS)).isEqualTo(4.0);
    assertThat(ageAlerts())
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getKind()).isEqualTo("alert");
              assertThat(alert.getSeverity()).isEqualTo("WARN");
              assertThat(alert.getModelVersion()).isEqualTo(1L);
              assertThat(alert.getValue()).isEqualTo(2 * 86_400.0);
            });

    // A new version has an age of its own (this one was trained through the same time: old too).
    publish(envelope(2, 0.5));
    scoreAt("b1", EVENT_TIME + 3 * day);
    assertThat(gauge(ScoringMetrics.MODEL_AGE_EVENTS)).isEqualTo(1.0);
    assertThat(ageAlerts()).extracting(MonitoringEvent::getModelVersion).containsExactly(1L, 2L);
  }

  private void scoreAt(String eventId, long eventTime) {
    features.pipeInput(
        "card-1",
        FeatureVector.newBuilder(vector(eventId, ORDINARY)).setEventTime(eventTime).build());
    assertThat(predictions.readKeyValue().value.getFallback()).isFalse();
  }

  private List<MonitoringEvent> ageAlerts() {
    return monitoring.stream().filter(e -> e.getMetric().equals(ServedModelAge.METRIC)).toList();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private void publish(ModelEnvelope envelope) {
    models.pipeInput(envelope.getName(), envelope);
  }

  private Prediction score(String eventId, List<Double> values) {
    features.pipeInput("card-1", vector(eventId, values));
    KeyValue<String, Prediction> record = predictions.readKeyValue();
    assertThat(record.key).isEqualTo(eventId);
    return record.value;
  }

  private double fallbacks(String reason) {
    return registry.get("osprey.scoring.fallbacks").tag("reason", reason).counter().count();
  }
}
