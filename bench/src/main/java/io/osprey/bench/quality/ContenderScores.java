package io.osprey.bench.quality;

import io.osprey.model.evaluation.ConfusionMatrix;
import java.util.Arrays;
import java.util.Objects;

/**
 * One contender's score and decision for each example it judged, so any figure can be recomputed
 * from them: the rows of a shared, event-time-ordered list of examples it scored (ascending; every
 * row for the recomputed contenders, only those with a served prediction for the pipeline), the
 * score of each, the decision (1 flagged, 0 not) and, for the served contender, the model version
 * that decided (0: the fallback rule).
 *
 * @param id short name, as in the per-example CSV ({@code served}, {@code logreg}, ...)
 * @param description what the contender is, for the report's table
 * @param modelVersions one per row, or null when the contender has no versions
 */
public record ContenderScores(
    String id,
    String description,
    int[] rows,
    double[] scores,
    double[] decisions,
    long[] modelVersions) {

  public ContenderScores {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    if (rows.length != scores.length
        || rows.length != decisions.length
        || (modelVersions != null && modelVersions.length != rows.length)) {
      throw new IllegalArgumentException("rows, scores, decisions and versions must align");
    }
    for (int k = 1; k < rows.length; k++) {
      if (rows[k] <= rows[k - 1]) {
        throw new IllegalArgumentException("rows must ascend, at " + k);
      }
    }
  }

  /** A contender that scored every one of {@code scores.length} examples, without versions. */
  public static ContenderScores everyRow(
      String id, String description, double[] scores, double[] decisions) {
    int[] rows = new int[scores.length];
    Arrays.setAll(rows, i -> i);
    return new ContenderScores(id, description, rows, scores, decisions, null);
  }

  /**
   * The figures over the examples from row {@code fromRow} on.
   *
   * @param labels the label of every row of the shared list (1 positive, 0 not)
   */
  public ModelQuality quality(double[] labels, int fromRow) {
    int start = Arrays.binarySearch(rows, fromRow);
    if (start < 0) {
      start = -start - 1;
    }
    int n = rows.length - start;
    double[] s = Arrays.copyOfRange(scores, start, rows.length);
    double[] d = Arrays.copyOfRange(decisions, start, rows.length);
    double[] y = new double[n];
    for (int k = 0; k < n; k++) {
      y[k] = labels[rows[start + k]];
    }
    return ModelQuality.of(s, y, ConfusionMatrix.of(d, y, 0.5));
  }

  /** How many examples it judged from row {@code fromRow} on. */
  public int judgedFrom(int fromRow) {
    int start = Arrays.binarySearch(rows, fromRow);
    return rows.length - (start < 0 ? -start - 1 : start);
  }
}
