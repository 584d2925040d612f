package io.osprey.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.registry.Republication;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleStateTest {
  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;

  private final ReviewQueue queue = new ReviewQueue(10);
  private final ConsoleState state = new ConsoleState(LAYOUT, 5, queue);

  static Prediction prediction(String eventId, String decision, double score, long version) {
    return Prediction.newBuilder()
        .setEventId(eventId)
        .setEntityId("card-" + eventId)
        .setScore(score)
        .setDecision(decision)
        .setThreshold(0.5)
        .setModelName("payments")
        .setModelVersion(version)
        .setFallback(version == 0)
        .setReasons(List.of(new Reason("amount_log", 0.2), new Reason("is_ecom", 0.1)))
        .setEventTime(1_000)
        .setIngestTime(1_000)
        .setFeatureTime(1_010)
        .setScoredTime(1_020)
        .build();
  }

  static FeatureVector vector(String eventId) {
    return FeatureVector.newBuilder()
        .setEventId(eventId)
        .setEntityId("card-" + eventId)
        .setEventTime(1_000)
        .setSpecHash(LAYOUT.specHash())
        .setValues(Collections.nCopies(LAYOUT.size(), 1.5))
        .setIngestTime(1_000)
        .setFeatureTime(1_010)
        .build();
  }

  private static TrainingExample matured(String eventId, boolean fraud) {
    return TrainingExample.newBuilder()
        .setFeatures(vector(eventId))
        .setFraud(fraud)
        .setMaturedTime(2_000)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static <T> T get(Map<String, Object> map, String key) {
    return (T) map.get(key);
  }

  @Test
  void aReviewPredictionQueuesWithItsReasonsAndNamedFeatures() {
    state.onFeatures(vector("e-1"));
    state.onPrediction(prediction("e-1", "REVIEW", 0.45, 2), 1_100);
    state.onPrediction(prediction("e-2", "APPROVE", 0.05, 2), 1_100);
    state.onPrediction(prediction("e-3", "REVIEW", 0.47, 2), 1_100); // its vector never seen

    List<Map<String, Object>> review = get(state.snapshot(0), "review");
    assertThat(review).extracting(row -> row.get("eventId")).containsExactly("e-3", "e-1");
    List<Map<String, Object>> features = get(review.get(1), "features");
    assertThat(features).hasSize(LAYOUT.size());
    assertThat(features.get(0))
        .containsEntry("name", LAYOUT.names().get(0))
        .containsEntry("value", 1.5);
    assertThat((List<?>) get(review.get(0), "features")).isEmpty();
    List<Map<String, Object>> reasons = get(review.get(1), "reasons");
    assertThat(reasons.get(0)).containsEntry("feature", "amount_log");
  }

  @Test
  void eachTickIsOnePointOfEverySeries() {
    state.onPrediction(prediction("e-1", "REVIEW", 0.45, 2), 1_100);
    state.onPrediction(prediction("e-2", "APPROVE", 0.05, 3), 1_300);
    state.tick(10);
    state.tick(11);

    Map<String, Object> timeline = get(state.snapshot(0), "timeline");
    assertThat((long[]) timeline.get("t")).containsExactly(10, 11);
    assertThat((Double[]) timeline.get("throughput")).containsExactly(2.0, 0.0);
    assertThat((Double[]) timeline.get("review")).containsExactly(1.0, 0.0);
    assertThat((Double[]) timeline.get("latencyP50")).containsExactly(100.0, null);
    assertThat((Double[]) timeline.get("latencyP99")).containsExactly(100.0, null);
    assertThat((Double[]) timeline.get("servedVersion")).containsExactly(3.0, 3.0);
  }

  @Test
  void theTimelineKeepsItsNewestPoints() {
    for (long second = 0; second < 8; second++) {
      state.tick(second);
    }
    Map<String, Object> timeline = get(state.snapshot(0), "timeline");
    assertThat((long[]) timeline.get("t")).containsExactly(3, 4, 5, 6, 7);
  }

  @Test
  void liveQualityIsThatOfServedDecisionsOnMaturedLabels() {
    state.onPrediction(prediction("tp", "DECLINE", 0.9, 2), 0);
    state.onPrediction(prediction("fp", "REVIEW", 0.45, 2), 0);
    state.onPrediction(prediction("fn", "APPROVE", 0.2, 2), 0);
    state.onPrediction(prediction("tn", "APPROVE", 0.1, 2), 0);
    state.onMatured(matured("tp", true));
    state.onMatured(matured("fp", false));
    state.onMatured(matured("fn", true));
    state.onMatured(matured("tn", false));
    state.onMatured(matured("never-predicted", true)); // not counted
    state.tick(1);

    Map<String, Object> timeline = get(state.snapshot(0), "timeline");
    assertThat((Double[]) timeline.get("precision")).containsExactly(0.5);
    assertThat((Double[]) timeline.get("recall")).containsExactly(0.5);
    // ranking: 0.9 fraud, 0.45 not, 0.2 fraud, 0.1 not -> AP = (1/1 + 2/3) / 2
    assertThat(((Double[]) timeline.get("prAuc"))[0])
        .isCloseTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(get(get(state.snapshot(0), "totals"), "matured").equals(4L)).isTrue();
  }

  @Test
  void qualityIsUndefinedBeforeAnyLabelMatures() {
    state.tick(1);
    Map<String, Object> timeline = get(state.snapshot(0), "timeline");
    assertThat((Double[]) timeline.get("precision")).containsExactly((Double) null);
    assertThat((Double[]) timeline.get("prAuc")).containsExactly((Double) null);
  }

  @Test
  void deadLettersGroupByStageAndReasonWithoutTheirValues() {
    state.onDeadLetter(deadLetter("validate", "amount must be positive: -3.5"));
    state.onDeadLetter(deadLetter("validate", "amount must be positive: -7"));
    state.onDeadLetter(deadLetter("parse", "not JSON"));
    state.onDeadLetter(deadLetter("parse", "record of 20000 bytes over the limit of 10,000"));

    List<Map<String, Object>> reasons = get(state.snapshot(0), "deadLetters");
    assertThat(reasons.get(0))
        .containsEntry("reason", "validate: amount must be positive")
        .containsEntry("count", 2L);
    assertThat(reasons)
        .extracting(row -> row.get("reason"))
        .contains("parse: not JSON", "parse: record of N bytes over the limit of N");
  }

  private static DeadLetter deadLetter(String stage, String reason) {
    return DeadLetter.newBuilder()
        .setSourceTopic("transactions")
        .setSourcePartition(0)
        .setSourceOffset(1)
        .setStage(stage)
        .setReason(reason)
        .setTime(1)
        .build();
  }

  @Test
  void driftEventsShowNewestFirstAndOtherMonitoringEventsDoNot() {
    state.onMonitoring(monitoring("drift", "psi.amount_log", 0.31));
    state.onMonitoring(monitoring("metric", "scoring.latency", 1));
    state.onMonitoring(monitoring("drift", "psi.count_1h", 0.12));

    List<Map<String, Object>> drift = get(state.snapshot(0), "drift");
    assertThat(drift)
        .extracting(row -> row.get("metric"))
        .containsExactly("psi.count_1h", "psi.amount_log");
    assertThat(drift.get(1)).containsEntry("value", 0.31).containsEntry("severity", "WARN");
  }

  @Test
  void driftReadingsFeedTheChartAndTheLatestTableWhileOnlyAlertsAndActionsAreListed() {
    state.onMonitoring(reading("drift.feature.amount.psi", 0.05, "INFO", 4));
    state.onMonitoring(reading("drift.feature.count.psi", 0.31, "WARN", 4));
    state.onMonitoring(reading("drift.prediction.score.psi", 0.02, "INFO", 4));
    state.onMonitoring(
        MonitoringEvent.newBuilder(monitoring("alert", "drift.action.retrain", 0))
            .setDetail("requested by WARN psi of count")
            .build());
    state.tick(10);

    Map<String, Object> snapshot = state.snapshot(0);
    List<Map<String, Object>> listed = get(snapshot, "drift");
    assertThat(listed)
        .extracting(row -> row.get("metric"))
        .containsExactly("drift.action.retrain", "drift.feature.count.psi");
    List<Map<String, Object>> latest = get(snapshot, "driftReadings");
    assertThat(latest).hasSize(3);
    assertThat(latest.get(0)).containsEntry("feature", "amount").containsEntry("threshold", 0.2);
    Map<String, Object> timeline = get(snapshot, "timeline");
    assertThat((Double[]) timeline.get("featurePsiMax")).containsExactly(0.31);
    assertThat((Double[]) timeline.get("scorePsi")).containsExactly(0.02);
    assertThat((Double[]) timeline.get("errorPageHinkley")).containsExactly((Double) null);

    state.onMonitoring(reading("drift.feature.amount.psi", 0.01, "INFO", 5)); // a new champion
    assertThat((List<?>) get(state.snapshot(0), "driftReadings")).hasSize(1);
  }

  private static MonitoringEvent reading(
      String metric, double value, String severity, long version) {
    String[] parts = metric.split("\\.");
    return MonitoringEvent.newBuilder(monitoring("drift", metric, value))
        .setSeverity(severity)
        .setModelVersion(version)
        .setFeature(parts[2])
        .setStatistic(parts[3])
        .setThreshold(0.2)
        .build();
  }

  private static MonitoringEvent monitoring(String kind, String metric, double value) {
    return MonitoringEvent.newBuilder()
        .setKind(kind)
        .setComponent("drift-monitor")
        .setMetric(metric)
        .setValue(value)
        .setSeverity("WARN")
        .setModelVersion(4L)
        .setTime(5)
        .build();
  }

  @Test
  void theModelHistoryIsNewestFirstAndNamesRollbacks() {
    state.onModel(envelope(1, "champion", Map.of("pr_auc", 0.4)));
    state.onModel(envelope(2, "challenger", Map.of()));
    state.onModel(envelope(3, "champion", Map.of(Republication.ROLLED_BACK_FROM, 2.0)));

    List<Map<String, Object>> history = get(get(state.snapshot(0), "models"), "history");
    assertThat(history).extracting(row -> row.get("version")).containsExactly(3L, 2L, 1L);
    assertThat(history.get(0)).containsEntry("rolledBackFrom", 2L);
    assertThat(history.get(1))
        .containsEntry("role", "challenger")
        .containsEntry("rolledBackFrom", null);
    assertThat(history.get(2)).containsEntry("prAuc", 0.4);
  }

  private static ModelEnvelope envelope(long version, String role, Map<String, Double> metrics) {
    return ModelEnvelope.newBuilder()
        .setName("payments")
        .setVersion(version)
        .setRole(role)
        .setSpecHash(LAYOUT.specHash())
        .setFeatureNames(LAYOUT.names())
        .setCreatedAt(version * 1_000)
        .setTrainingWindow(new TrainingWindow(0L, 1L, 10L, null))
        .setMetrics(metrics)
        .setThreshold(0.5)
        .setFeatureMean(List.of())
        .setFeatureStd(List.of())
        .setFormat("test")
        .setPayload(ByteBuffer.allocate(0))
        .setChecksum("none")
        .build();
  }
}
