package io.osprey.model.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Threshold-free figures of a set of scored, labelled examples: PR-AUC (average precision), ROC-AUC
 * and log-loss, plus precision and recall at a fixed alert budget (the top {@code budget} fraction
 * of scores are alerts).
 *
 * <p>Definitions (those of scikit-learn, so figures can be checked against it):
 *
 * <ul>
 *   <li>Equal scores form one group and are never split by the order they arrived in. Going down
 *       the groups from the highest score, average precision is {@code sum(pos_g / P *
 *       precision_g)}, where {@code precision_g} is the precision of alerting on every score at or
 *       above group {@code g}.
 *   <li>ROC-AUC is the probability that a random fraud outscores a random non-fraud, ties counting
 *       one half.
 *   <li>Log-loss is the mean binary cross-entropy, scores clipped to {@code [1e-15, 1 - 1e-15]}.
 *   <li>The budget raises {@code k = ceil(budget * n)} alerts (at least one). When the k-th score
 *       is tied, the tied group contributes in proportion (the expectation over random
 *       tie-breaking).
 * </ul>
 *
 * Scores that are not probabilities (NaN, infinities) read as {@link Scores} says.
 *
 * <p>A figure that is undefined (no frauds, no non-frauds, no examples) is {@code NaN}; readers
 * leave it out of envelopes and monitoring rather than publish a misleading 0.
 */
public record RankingMetrics(
    long positives,
    long negatives,
    double prAuc,
    double rocAuc,
    double logLoss,
    double precisionAtBudget,
    double recallAtBudget) {
  public static final RankingMetrics EMPTY =
      new RankingMetrics(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  private static final double EPSILON = 1e-15;

  /** Examples of equal score: how many are frauds and how many are not. */
  public record Group(double score, long positives, long negatives) {
    public long count() {
      return positives + negatives;
    }
  }

  /** The figures of {@code scores} against {@code labels} (1 for fraud). */
  public static RankingMetrics of(double[] scores, double[] labels, double budget) {
    double[] probabilities = Scores.probabilities(scores);
    return fromGroups(groups(probabilities, labels), logLossSum(probabilities, labels), budget);
  }

  /**
   * The cross-entropy of each example, summed (so windows can add and subtract it); scores read per
   * {@link Scores}.
   */
  public static double logLossSum(double[] scores, double[] labels) {
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      double p = Math.min(1 - EPSILON, Math.max(EPSILON, Scores.probability(scores[i])));
      sum -= labels[i] >= 0.5 ? Math.log(p) : Math.log(1 - p);
    }
    return sum;
  }

  /** Groups of equal scores, highest score first; scores read per {@link Scores}. */
  public static List<Group> groups(double[] rawScores, double[] labels) {
    if (rawScores.length != labels.length) {
      throw new IllegalArgumentException(
          rawScores.length + " scores but " + labels.length + " labels");
    }
    double[] scores = Scores.probabilities(rawScores);
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    List<Group> groups = new ArrayList<>();
    int i = 0;
    while (i < order.length) {
      double score = scores[order[i]];
      long pos = 0;
      long neg = 0;
      // The sort's own equality: every pass takes at least one example, so the loop ends even
      // for a value that is not equal to itself under == (NaN).
      while (i < order.length && Double.compare(scores[order[i]], score) == 0) {
        if (labels[order[i]] >= 0.5) {
          pos++;
        } else {
          neg++;
        }
        i++;
      }
      groups.add(new Group(score, pos, neg));
    }
    return groups;
  }

  /**
   * The figures of groups given highest score first, with the summed log-loss of their examples.
   */
  public static RankingMetrics fromGroups(List<Group> groups, double logLossSum, double budget) {
    long positives = 0;
    long negatives = 0;
    for (Group group : groups) {
      positives += group.positives();
      negatives += group.negatives();
    }
    long n = positives + negatives;
    if (n == 0) {
      return EMPTY;
    }
    double averagePrecision = 0;
    double rocPairs = 0;
    long cumulativePositives = 0;
    long cumulativeNegatives = 0;
    long alerts = Math.max(1, (long) Math.ceil(budget * n - 1e-9));
    long remaining = alerts;
    double budgetHits = 0;
    for (Group group : groups) {
      cumulativePositives += group.positives();
      cumulativeNegatives += group.negatives();
      if (group.positives() > 0) {
        double precision =
            (double) cumulativePositives / (cumulativePositives + cumulativeNegatives);
        averagePrecision += precision * group.positives();
        // Negatives below this group, plus half the tied ones.
        rocPairs +=
            group.positives() * ((negatives - cumulativeNegatives) + 0.5 * group.negatives());
      }
      if (remaining > 0 && group.count() > 0) {
        long taken = Math.min(remaining, group.count());
        budgetHits += (double) group.positives() * taken / group.count();
        remaining -= taken;
      }
    }
    boolean bothClasses = positives > 0 && negatives > 0;
    return new RankingMetrics(
        positives,
        negatives,
        positives > 0 ? averagePrecision / positives : Double.NaN,
        bothClasses ? rocPairs / ((double) positives * negatives) : Double.NaN,
        logLossSum / n,
        budgetHits / alerts,
        positives > 0 ? budgetHits / positives : Double.NaN);
  }

  public long total() {
    return positives + negatives;
  }
}
