package io.osprey.trainer.publication;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Whether the learner is <em>clearly</em> better than the served champion on the latest matured
 * examples, so that a better model is published at once instead of waiting for the count or the
 * event-time trigger.
 *
 * <p>Both models are judged on the same examples, neither trained on them yet: the learner by its
 * prequential score (given just before it learned each example), the champion by its served score.
 * Per example, {@code d = logloss(champion) - logloss(learner)}; over the last {@code window}
 * examples, the learner is clearly better when the paired z statistic {@code mean(d) / (sd(d) /
 * sqrt(n))} is at least {@code minZ}. Log-loss, not PR-AUC, because it is a sum over examples (so
 * the paired test applies) and it punishes a stale model's miscalibration as well as its ranking.
 * Nothing is judged before half the window is filled and it holds {@value #MIN_POSITIVES}
 * positives: on rare positives a handful of examples says nothing.
 *
 * <p>The pairs start again after each publication: they compared the learner with a champion that
 * may have changed, and a learner that just lost must earn a new lead. Owned by the training
 * thread.
 */
public final class RecentComparison {
  static final int MIN_POSITIVES = 10;
  private static final double EPSILON = 1e-6;

  private final int window;
  private final double minZ;
  private final Deque<double[]> pairs = new ArrayDeque<>(); // {difference, label}
  private double sum;
  private double sumOfSquares;
  private int positives;

  /**
   * @param window how many of the latest paired examples are compared
   * @param minZ the z statistic that counts as clearly better; 0 turns the comparison off
   */
  public RecentComparison(int window, double minZ) {
    if (window < 2 || minZ < 0) {
      throw new IllegalArgumentException("the window needs two examples and minZ must be >= 0");
    }
    this.window = window;
    this.minZ = minZ;
  }

  public boolean enabled() {
    return minZ > 0;
  }

  /**
   * Pairs the learner's and the champion's scores of the same examples.
   *
   * @param learner the learner's prequential scores
   * @param champion the champion's scores of the same examples, in the same order
   * @param labels 1 for the positive class, 0 otherwise
   */
  public void add(double[] learner, double[] champion, double[] labels) {
    if (learner.length != labels.length || champion.length != labels.length) {
      throw new IllegalArgumentException("one score of each model per label");
    }
    for (int i = 0; i < labels.length; i++) {
      double difference = logLoss(champion[i], labels[i]) - logLoss(learner[i], labels[i]);
      if (!Double.isFinite(difference)) {
        continue;
      }
      pairs.addLast(new double[] {difference, labels[i]});
      sum += difference;
      sumOfSquares += difference * difference;
      positives += labels[i] >= 0.5 ? 1 : 0;
      if (pairs.size() > window) {
        double[] old = pairs.removeFirst();
        sum -= old[0];
        sumOfSquares -= old[0] * old[0];
        positives -= old[1] >= 0.5 ? 1 : 0;
      }
    }
  }

  /** The paired z statistic over the window; NaN while there is too little to judge. */
  public double z() {
    int n = pairs.size();
    if (n < window / 2 || n < 2 || positives < MIN_POSITIVES) {
      return Double.NaN;
    }
    double mean = sum / n;
    double variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
    if (variance == 0) {
      return mean > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    return mean / Math.sqrt(variance / n);
  }

  /** Whether the learner is clearly better just now (false when off or too little to judge). */
  public boolean clearlyBetter() {
    return enabled() && z() >= minZ; // NaN compares false
  }

  /** A publication happened: the comparison starts again. */
  public void reset() {
    pairs.clear();
    sum = 0;
    sumOfSquares = 0;
    positives = 0;
  }

  public int size() {
    return pairs.size();
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "log-loss paired z %.2f over %d examples (%d positive), needs %.2f",
        z(),
        pairs.size(),
        positives,
        minZ);
  }

  private static double logLoss(double score, double label) {
    double p = Math.min(1 - EPSILON, Math.max(EPSILON, score));
    return label >= 0.5 ? -Math.log(p) : -Math.log(1 - p);
  }
}
