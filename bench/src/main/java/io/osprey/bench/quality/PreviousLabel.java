package io.osprey.bench.quality;

import io.osprey.trainer.intake.LabelledExample;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trivial "previous label" baseline: an example's score is the label (1 or 0) of the latest
 * example of the same key (the spec's entity: mote, origin airport, card) whose label had matured
 * by this example's event time; a key with no matured label yet takes the latest matured label of
 * any key, and the very first examples, before any label matured, score 0. A label matures {@code
 * maturity} of event time after its event, as in ingest, so the baseline never reads a label a live
 * system would not have had. It flags exactly when its score is 1.
 *
 * <p>What it measures: how much of a dataset's signal is "what just happened here keeps happening".
 * A learner that does not beat it has learned nothing beyond persistence.
 */
public final class PreviousLabel {
  public static final String ID = "previous_label";

  private PreviousLabel() {}

  /**
   * @param ordered examples in event-time order
   * @param keys the key of each example, aligned with {@code ordered}
   */
  public static ContenderScores scores(
      List<LabelledExample> ordered, List<String> keys, Duration maturity) {
    if (keys.size() != ordered.size()) {
      throw new IllegalArgumentException(keys.size() + " keys for " + ordered.size() + " examples");
    }
    long delay = maturity.toMillis();
    double[] scores = new double[ordered.size()];
    Map<String, Double> lastByKey = new HashMap<>();
    double lastAny = 0;
    int matured = 0;
    for (int i = 0; i < scores.length; i++) {
      long now = ordered.get(i).eventTime();
      // A constant delay matures labels in event-time order: one pointer suffices.
      while (matured < i && ordered.get(matured).eventTime() + delay <= now) {
        lastAny = ordered.get(matured).fraud() ? 1 : 0;
        lastByKey.put(keys.get(matured), lastAny);
        matured++;
      }
      scores[i] = lastByKey.getOrDefault(keys.get(i), lastAny);
    }
    return ContenderScores.everyRow(
        ID,
        "previous label (per key, matured labels only; trivial baseline)",
        scores,
        scores.clone());
  }
}
