package io.osprey.trainer.review;

import io.osprey.model.PlattCalibration;
import io.osprey.model.evaluation.Scores;
import java.util.Optional;

/**
 * Fits {@link PlattCalibration} to scored, labelled examples that the model was not trained on: the
 * logistic regression of the label on {@code logit(score)}, by Newton's method with a backtracking
 * line search (Lin, Lin and Weng's robust form of Platt's algorithm).
 *
 * <p>Targets are Platt's smoothed labels, {@code (P + 1) / (P + 2)} for a fraud and {@code 1 / (N +
 * 2)} for a non-fraud (P frauds, N non-frauds): a prior that keeps the fit finite when the scores
 * separate the classes perfectly and keeps it modest when there are few frauds.
 */
public final class PlattFitter {
  private static final int MAX_ITERATIONS = 100;
  private static final double RIDGE = 1e-12;
  private static final double MIN_STEP = 1e-10;
  private static final double SUFFICIENT_DECREASE = 1e-4;

  private PlattFitter() {}

  /**
   * The calibration of {@code scores} against {@code labels} (1 for fraud), or empty when it cannot
   * be fitted: one class only, or a fit that does not increase with the score (a model that ranks
   * backwards must not be "calibrated" into a different ranking). Scores read per {@link Scores}.
   */
  public static Optional<PlattCalibration> fit(double[] scores, double[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + labels.length + " labels");
    }
    long positives = 0;
    for (double label : labels) {
      positives += label >= 0.5 ? 1 : 0;
    }
    long negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return Optional.empty();
    }
    double high = (positives + 1.0) / (positives + 2.0);
    double low = 1.0 / (negatives + 2.0);
    double[] x = new double[scores.length];
    double[] t = new double[scores.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = PlattCalibration.logit(Scores.probability(scores[i]));
      t[i] = labels[i] >= 0.5 ? high : low;
    }
    double a = 1; // the identity: the scores are meant to be probabilities already
    double b = 0;
    double loss = loss(x, t, a, b);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = RIDGE;
      double hab = 0;
      double hbb = RIDGE;
      for (int i = 0; i < x.length; i++) {
        double p = PlattCalibration.sigmoid(a * x[i] + b);
        double residual = p - t[i];
        double curvature = p * (1 - p);
        ga += residual * x[i];
        gb += residual;
        haa += curvature * x[i] * x[i];
        hab += curvature * x[i];
        hbb += curvature;
      }
      if (Math.max(Math.abs(ga), Math.abs(gb)) < 1e-7 * x.length) {
        break;
      }
      double determinant = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / determinant;
      double db = -(-hab * ga + haa * gb) / determinant;
      double slope = ga * da + gb * db; // directional derivative; negative for a descent step
      double step = 1;
      while (step >= MIN_STEP) {
        double candidate = loss(x, t, a + step * da, b + step * db);
        if (candidate <= loss + SUFFICIENT_DECREASE * step * slope) {
          a += step * da;
          b += step * db;
          loss = candidate;
          break;
        }
        step /= 2;
      }
      if (step < MIN_STEP) {
        break; // no further progress possible at double precision
      }
    }
    if (!(Double.isFinite(a) && a > 0 && Double.isFinite(b))) {
      return Optional.empty();
    }
    return Optional.of(new PlattCalibration(a, b));
  }

  /**
   * Cross-entropy against the smoothed targets, {@code sum(softplus(z) - t z)}, computed stably.
   */
  private static double loss(double[] x, double[] t, double a, double b) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += softplus - t[i] * z;
    }
    return sum;
  }
}
