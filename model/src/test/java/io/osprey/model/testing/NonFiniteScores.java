package io.osprey.model.testing;

/**
 * Scores that are not probabilities, with labels and how {@code Scores.probabilities} reads them:
 * the one example set every test of hostile scores (metrics in model, the trainer's threshold
 * policy, Platt fitter and evaluator) holds its code to. Each call returns a fresh array.
 */
public final class NonFiniteScores {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  private NonFiniteScores() {}

  /** NaN (twice: a tie that is not equal to itself under ==), ±∞, beyond [0, 1], ordinary ties. */
  public static double[] scores() {
    return new double[] {NAN, 0.9, -INF, 0.5, INF, NAN, 0.5, 1.7, -0.2, 0.1};
  }

  /** The labels of {@link #scores()}. */
  public static double[] labels() {
    return new double[] {1, 1, 0, 0, 1, 0, 1, 0, 0, 0};
  }

  /** {@link #scores()} read as probabilities: NaN as the unknown 0.5, the rest clamped. */
  public static double[] read() {
    return new double[] {0.5, 0.9, 0.0, 0.5, 1.0, 0.5, 0.5, 1.0, 0.0, 0.1};
  }
}
