package io.osprey.bench;

import io.osprey.bench.quality.ContenderScores;
import io.osprey.schema.Prediction;
import io.osprey.trainer.intake.LabelledExample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The served contender per example: each matured example's prediction as the pipeline wrote it to
 * {@code predictions} (score, decision, the model version that made it; 0 for the fallback rule).
 * Anything but APPROVE sends the event to a human or stops it, so it counts as flagged. Examples
 * without a prediction are left out (and counted by the report: a gap means lost predictions).
 */
final class ServedScores {
  static final String ID = "served";

  private ServedScores() {}

  static ContenderScores of(List<LabelledExample> examples, Map<String, Prediction> predictions) {
    int n = examples.size();
    int[] rows = new int[n];
    double[] scores = new double[n];
    double[] decisions = new double[n];
    long[] versions = new long[n];
    int matched = 0;
    for (int i = 0; i < n; i++) {
      Prediction p = predictions.get(examples.get(i).eventId());
      if (p == null) {
        continue;
      }
      rows[matched] = i;
      scores[matched] = p.getScore();
      decisions[matched] = "APPROVE".equals(p.getDecision()) ? 0 : 1;
      versions[matched] = p.getFallback() ? 0 : p.getModelVersion();
      matched++;
    }
    return new ContenderScores(
        ID,
        "served by the pipeline (end to end)",
        Arrays.copyOf(rows, matched),
        Arrays.copyOf(scores, matched),
        Arrays.copyOf(decisions, matched),
        Arrays.copyOf(versions, matched));
  }

  /**
   * When each example of {@link #of} was scored ({@code scoredTime}, the scorer's wall clock),
   * aligned with its rows.
   */
  static long[] scoredTimes(List<LabelledExample> examples, Map<String, Prediction> predictions) {
    long[] times = new long[examples.size()];
    int matched = 0;
    for (LabelledExample example : examples) {
      Prediction p = predictions.get(example.eventId());
      if (p != null) {
        times[matched++] = p.getScoredTime();
      }
    }
    return Arrays.copyOf(times, matched);
  }
}
