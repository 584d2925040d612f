package io.osprey.trainer.learning;

/**
 * A linear log-odds {@code w·x + b} over normalised features, learned by plain SGD with L2 decay:
 * one wide half of {@link WideAndDeepLearner}. Owned by one thread.
 */
final class LinearPart {
  private final double[] weights;
  private double bias;
  private final double rate;
  private final double l2;

  /**
   * @param rate SGD step, positive
   * @param l2 weight decay, not negative
   */
  LinearPart(int features, double rate, double l2) {
    if (!(rate > 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("need a positive rate and a non-negative l2");
    }
    this.weights = new double[features];
    this.rate = rate;
    this.l2 = l2;
  }

  double[] logits(float[][] x) {
    double[] logits = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double z = bias;
      for (int f = 0; f < weights.length; f++) {
        z += weights[f] * x[i][f];
      }
      logits[i] = z;
    }
    return logits;
  }

  /**
   * One step against the mean log-loss gradient of rows whose total log-odds (this part's plus
   * whatever is added to it) is {@code totals}: {@code w -= rate * (mean((p - y) x) + l2 w)}.
   *
   * @return false, and no change, when the gradient is not finite
   */
  boolean step(float[][] x, double[] totals, double[] labels) {
    double[] gradient = new double[weights.length];
    double biasGradient = 0;
    for (int i = 0; i < x.length; i++) {
      double error = 1 / (1 + Math.exp(-totals[i])) - labels[i];
      for (int f = 0; f < weights.length; f++) {
        gradient[f] += error * x[i][f];
      }
      biasGradient += error;
    }
    if (!Double.isFinite(biasGradient)) {
      return false;
    }
    for (double g : gradient) {
      if (!Double.isFinite(g)) {
        return false;
      }
    }
    double scale = rate / x.length;
    for (int f = 0; f < weights.length; f++) {
      weights[f] -= scale * gradient[f] + rate * l2 * weights[f];
    }
    bias -= scale * biasGradient;
    return true;
  }

  double[] weights() {
    return weights.clone();
  }

  double bias() {
    return bias;
  }

  double rate() {
    return rate;
  }

  double l2() {
    return l2;
  }

  /** Overwrites the parameters (resuming from a published model). */
  void set(double[] newWeights, double newBias) {
    if (newWeights.length != weights.length) {
      throw new IllegalArgumentException("expected " + weights.length + " weights");
    }
    System.arraycopy(newWeights, 0, weights, 0, weights.length);
    bias = newBias;
  }
}
