package io.osprey.model.evaluation;

/**
 * Counts of decisions against labels at one threshold. Immutable, so snapshots can be handed to
 * other threads (metrics, the launcher) without copying.
 *
 * <p>Precision, recall and F1 are 0 when undefined (no predicted or no actual positives), as
 * scikit-learn does by default: a model that never flags anything gets no credit, and the value
 * stays a number that gauges and the envelope's metrics map can carry. Accuracy is NaN when nothing
 * was decided: it has no such reading, and no reader publishes it.
 */
public record ConfusionMatrix(
    long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {
  public static final ConfusionMatrix EMPTY = new ConfusionMatrix(0, 0, 0, 0);

  public ConfusionMatrix {
    if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Decides each score at {@code threshold} (a score at or above it is "fraud") and counts against
   * {@code labels} (1 for fraud, 0 otherwise). Scores read per {@link Scores}; a NaN threshold
   * flags nothing.
   */
  public static ConfusionMatrix of(double[] scores, double[] labels, double threshold) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + labels.length + " labels");
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean predicted = Scores.probability(scores[i]) >= threshold;
      boolean actual = labels[i] >= 0.5;
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
    }
    return new ConfusionMatrix(tp, fp, tn, fn);
  }

  public ConfusionMatrix plus(ConfusionMatrix other) {
    return new ConfusionMatrix(
        truePositives + other.truePositives,
        falsePositives + other.falsePositives,
        trueNegatives + other.trueNegatives,
        falseNegatives + other.falseNegatives);
  }

  public ConfusionMatrix minus(ConfusionMatrix other) {
    return new ConfusionMatrix(
        truePositives - other.truePositives,
        falsePositives - other.falsePositives,
        trueNegatives - other.trueNegatives,
        falseNegatives - other.falseNegatives);
  }

  public long total() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }

  public double precision() {
    return ratio(truePositives, truePositives + falsePositives);
  }

  public double recall() {
    return ratio(truePositives, truePositives + falseNegatives);
  }

  /** The share of decisions that were right: (TP + TN) / total; NaN when nothing was decided. */
  public double accuracy() {
    long total = total();
    return total == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / total;
  }

  /** Harmonic mean of precision and recall, computed from counts: 2TP / (2TP + FP + FN). */
  public double f1() {
    return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0.0 : (double) numerator / denominator;
  }
}
