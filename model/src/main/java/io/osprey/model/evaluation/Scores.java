package io.osprey.model.evaluation;

/**
 * What evaluation makes of a score that is not a probability. A learner guards its own state, but a
 * broken model can still return NaN or an infinity, and every figure must stay a number and every
 * loop over scores must end. One rule, applied where scores enter a metric ({@link RankingMetrics},
 * {@link ConfusionMatrix}, {@link ScoreHistogram}, and in the trainer its threshold policy and
 * Platt fitter):
 *
 * <ul>
 *   <li>NaN reads as 0.5: the model says nothing about this example, so it ranks in the middle and
 *       costs the log-loss of a coin flip; it is not silently made "safe" (0) or "fraud" (1).
 *   <li>+∞ and anything above 1 read as 1; −∞ and anything below 0 read as 0.
 * </ul>
 */
public final class Scores {
  /** The reading of a NaN score. */
  public static final double UNKNOWN = 0.5;

  private Scores() {}

  /** {@code score} as a probability in [0, 1]. */
  public static double probability(double score) {
    if (Double.isNaN(score)) {
      return UNKNOWN;
    }
    return score <= 0 ? 0.0 : Math.min(1.0, score); // also turns -0.0 into 0.0
  }

  /** The scores as probabilities: {@code scores} itself when each already is one, else a copy. */
  public static double[] probabilities(double[] scores) {
    double[] out = scores;
    for (int i = 0; i < scores.length; i++) {
      double p = probability(scores[i]);
      if (Double.compare(p, scores[i]) != 0) {
        if (out == scores) {
          out = scores.clone();
        }
        out[i] = p;
      }
    }
    return out;
  }
}
