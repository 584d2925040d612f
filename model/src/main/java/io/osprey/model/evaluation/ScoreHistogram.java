package io.osprey.model.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Frauds and non-frauds counted per score bin, so ranking figures since start cost constant memory
 * however long the trainer runs. Scores in one bin count as tied, which moves PR-AUC and ROC-AUC by
 * at most the mass of the ties within a bin of width {@code 1/bins}: negligible at the default
 * 16,384 bins. Log-loss is kept exactly, as a running sum.
 */
public final class ScoreHistogram {
  public static final int DEFAULT_BINS = 1 << 14;

  private final long[] positives;
  private final long[] negatives;
  private double logLossSum;

  public ScoreHistogram(int bins) {
    positives = new long[bins];
    negatives = new long[bins];
  }

  public void add(double[] scores, double[] labels) {
    for (int i = 0; i < scores.length; i++) {
      int bin = bin(scores[i]);
      if (labels[i] >= 0.5) {
        positives[bin]++;
      } else {
        negatives[bin]++;
      }
    }
    logLossSum += RankingMetrics.logLossSum(scores, labels);
  }

  public RankingMetrics metrics(double budget) {
    List<RankingMetrics.Group> groups = new ArrayList<>();
    for (int bin = positives.length - 1; bin >= 0; bin--) {
      if (positives[bin] + negatives[bin] > 0) {
        groups.add(
            new RankingMetrics.Group(
                (bin + 0.5) / positives.length, positives[bin], negatives[bin]));
      }
    }
    return RankingMetrics.fromGroups(groups, logLossSum, budget);
  }

  private int bin(double score) {
    int bin = (int) (Scores.probability(score) * positives.length);
    return Math.min(positives.length - 1, bin);
  }
}
