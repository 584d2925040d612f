package io.osprey.trainer.learning;

import java.util.Arrays;

/**
 * Weights of several learners' predictions by their recent prequential log-loss ("Hedge",
 * exponentially weighted experts): {@code weight_k ∝ exp(-eta · loss_k)}, where {@code loss_k} is
 * member k's summed log-loss on the examples it scored before learning them, each example's loss
 * fading by {@code decay} per later example (so about the last {@code 1 / (1 - decay)} examples
 * count). A member that adapts fast wins right after a change; a steadier one wins on a noisy,
 * stable stream. Owned by one thread.
 */
final class HedgeWeights {
  /** A log-loss term is capped here, so one confident miss cannot silence a member for good. */
  static final double MAX_LOSS = 20;

  private final double eta;
  private final double decay;
  private final double[] losses;

  /**
   * @param eta how sharply weights follow loss differences, positive
   * @param decay per-example fading of past losses, in (0, 1]
   */
  HedgeWeights(int members, double eta, double decay) {
    if (members < 1 || !(eta > 0) || !(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("need members, a positive eta and a decay in (0, 1]");
    }
    this.eta = eta;
    this.decay = decay;
    this.losses = new double[members];
  }

  /** The current weights, summing to 1. */
  double[] weights() {
    double best = Arrays.stream(losses).min().orElse(0);
    double[] w = new double[losses.length];
    double sum = 0;
    for (int k = 0; k < w.length; k++) {
      w[k] = Math.exp(-eta * (losses[k] - best));
      sum += w[k];
    }
    for (int k = 0; k < w.length; k++) {
      w[k] /= sum;
    }
    return w;
  }

  /**
   * Folds in each member's log-odds for examples with these labels, scored before learning them.
   *
   * @param logits {@code [member][example]}
   */
  void record(double[][] logits, double[] labels) {
    double fade = Math.pow(decay, labels.length);
    for (int k = 0; k < losses.length; k++) {
      double sum = 0;
      for (int i = 0; i < labels.length; i++) {
        sum += logLoss(logits[k][i], labels[i] >= 0.5);
      }
      losses[k] = losses[k] * fade + sum;
    }
  }

  /** {@code -ln p(label)} for log-odds {@code z}, computed without overflow, capped. */
  static double logLoss(double z, boolean positive) {
    double margin = positive ? z : -z;
    double loss =
        margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
    return Double.isFinite(loss) ? Math.min(loss, MAX_LOSS) : MAX_LOSS;
  }

  double[] losses() {
    return losses.clone();
  }
}
