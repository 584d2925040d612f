package io.osprey.trainer.learning;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prequential figures at one moment: since the trainer started and over the recent window.
 *
 * @param sinceStart decisions at the operating threshold since start
 * @param recent decisions at the operating threshold over the window
 * @param recentRanking threshold-free figures over the window (exact)
 * @param sinceStartRanking threshold-free figures since start (binned scores, exact log-loss)
 * @param alertBudget the fraction of top scores behind {@code *_at_budget}
 * @param batches batches evaluated since start
 * @param windowFromEventTime earliest event time in the window ({@code Long.MAX_VALUE} when empty)
 * @param windowToEventTime latest event time in the window ({@code Long.MIN_VALUE} when empty)
 */
public record EvaluationSnapshot(
    ConfusionMatrix sinceStart,
    ConfusionMatrix recent,
    RankingMetrics recentRanking,
    RankingMetrics sinceStartRanking,
    double alertBudget,
    long batches,
    long windowFromEventTime,
    long windowToEventTime) {
  public static final EvaluationSnapshot EMPTY =
      new EvaluationSnapshot(
          ConfusionMatrix.EMPTY,
          ConfusionMatrix.EMPTY,
          RankingMetrics.EMPTY,
          RankingMetrics.EMPTY,
          Double.NaN,
          0,
          Long.MAX_VALUE,
          Long.MIN_VALUE);

  /**
   * The figures stored in a model envelope's {@code metrics}. The unqualified names describe the
   * recent window, the closest estimate of the model being published; {@code *_since_start} cover
   * this trainer's whole run (weighed down by the untrained start). Undefined ranking figures (no
   * frauds yet) are left out rather than written as NaN.
   */
  public Map<String, Double> toMetricsMap() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("precision", recent.precision());
    metrics.put("recall", recent.recall());
    metrics.put("f1", recent.f1());
    metrics.put("examples", (double) recent.total());
    putRanking(metrics, recentRanking, "");
    metrics.put("precision_since_start", sinceStart.precision());
    metrics.put("recall_since_start", sinceStart.recall());
    metrics.put("f1_since_start", sinceStart.f1());
    metrics.put("examples_since_start", (double) sinceStart.total());
    putRanking(metrics, sinceStartRanking, "_since_start");
    putIfFinite(metrics, "alert_budget", alertBudget);
    return metrics;
  }

  private static void putRanking(Map<String, Double> metrics, RankingMetrics r, String suffix) {
    putIfFinite(metrics, "pr_auc" + suffix, r.prAuc());
    putIfFinite(metrics, "roc_auc" + suffix, r.rocAuc());
    putIfFinite(metrics, "log_loss" + suffix, r.logLoss());
    putIfFinite(metrics, "precision_at_budget" + suffix, r.precisionAtBudget());
    putIfFinite(metrics, "recall_at_budget" + suffix, r.recallAtBudget());
  }

  private static void putIfFinite(Map<String, Double> metrics, String key, double value) {
    if (Double.isFinite(value)) {
      metrics.put(key, value);
    }
  }
}
