package io.osprey.bench.quality;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;

/**
 * The figures of one model over one set of examples: precision, recall, F1 and accuracy of its
 * decisions, and the threshold-free PR-AUC (average precision), ROC-AUC and log-loss of its scores
 * (definitions in {@link RankingMetrics}: log-loss clips scores to [1e-15, 1 - 1e-15]). A figure
 * that is undefined (PR-AUC without fraud to find, anything over no examples) is NaN.
 */
public record ModelQuality(
    double precision,
    double recall,
    double f1,
    double accuracy,
    double prAuc,
    double rocAuc,
    double logLoss,
    ConfusionMatrix decisions) {

  /** No examples: every figure undefined. */
  public static final ModelQuality NONE =
      new ModelQuality(
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          ConfusionMatrix.EMPTY);

  /** The figures of {@code scores} decided by {@code decisions}, against {@code labels}. */
  public static ModelQuality of(double[] scores, double[] labels, ConfusionMatrix decisions) {
    if (scores.length == 0) {
      return NONE;
    }
    RankingMetrics ranking = RankingMetrics.of(scores, labels, 1.0);
    return new ModelQuality(
        decisions.precision(),
        decisions.recall(),
        decisions.f1(),
        decisions.accuracy(),
        ranking.prAuc(),
        ranking.rocAuc(),
        ranking.logLoss(),
        decisions);
  }
}
