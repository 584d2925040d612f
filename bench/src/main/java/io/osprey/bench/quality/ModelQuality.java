package io.osprey.bench.quality;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;

/**
 * The figures of one model over one set of examples: precision, recall and F1 at its operating
 * threshold, and PR-AUC (average precision; NaN when there is no fraud to find).
 */
public record ModelQuality(
    double precision, double recall, double f1, double prAuc, ConfusionMatrix decisions) {

  /** The figures of {@code scores} decided by {@code decisions}, against {@code labels}. */
  static ModelQuality of(double[] scores, double[] labels, ConfusionMatrix decisions) {
    double prAuc = RankingMetrics.of(scores, labels, 1.0).prAuc();
    return new ModelQuality(
        decisions.precision(), decisions.recall(), decisions.f1(), prAuc, decisions);
  }
}
