package io.osprey.trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prequential figures at one moment: since the trainer started and over the recent window.
 *
 * @param batches batches evaluated since start
 * @param windowFromEventTime earliest event time in the window ({@code Long.MAX_VALUE} when empty)
 * @param windowToEventTime latest event time in the window ({@code Long.MIN_VALUE} when empty)
 */
public record EvaluationSnapshot(
    ConfusionMatrix sinceStart,
    ConfusionMatrix recent,
    long batches,
    long windowFromEventTime,
    long windowToEventTime) {
  public static final EvaluationSnapshot EMPTY =
      new EvaluationSnapshot(
          ConfusionMatrix.EMPTY, ConfusionMatrix.EMPTY, 0, Long.MAX_VALUE, Long.MIN_VALUE);

  /**
   * The figures stored in a model envelope's {@code metrics}. The unqualified names describe the
   * recent window, the closest estimate of the model being published; {@code *_since_start} cover
   * this trainer's whole run (weighed down by the untrained start).
   */
  public Map<String, Double> toMetricsMap() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("precision", recent.precision());
    metrics.put("recall", recent.recall());
    metrics.put("f1", recent.f1());
    metrics.put("examples", (double) recent.total());
    metrics.put("precision_since_start", sinceStart.precision());
    metrics.put("recall_since_start", sinceStart.recall());
    metrics.put("f1_since_start", sinceStart.f1());
    metrics.put("examples_since_start", (double) sinceStart.total());
    return metrics;
  }
}
