package io.osprey.model;

import io.osprey.schema.Calibration;
import io.osprey.schema.ModelEnvelope;
import java.util.Optional;

/**
 * Platt scaling: maps a model's score {@code s} to the probability {@code sigmoid(slope * logit(s)
 * + intercept)}, fitted by logistic regression of the label on {@code logit(s)} over labelled
 * examples the model was not trained on. A network whose scores rank well but are too sharp (or too
 * timid) then says what it means: of the payments scored 0.8, about 80 % are fraud.
 *
 * <p>With a positive slope the map is strictly increasing, so it never changes a ranking (PR-AUC,
 * ROC-AUC, which examples fall in an alert budget) and a threshold {@code t} on raw scores decides
 * exactly like {@link #apply apply(t)} on calibrated ones; {@link #invert} goes back. The envelope
 * refuses any other slope.
 *
 * <p>Scores of exactly 0 and 1 stay where they are (the limits of the map), so thresholds at the
 * ends of the scale keep their meaning; in between, scores are clipped to {@code [1e-12, 1 -
 * 1e-12]} before the logit.
 */
public record PlattCalibration(double slope, double intercept) {
  private static final double EDGE = 1e-12;

  public PlattCalibration {
    if (!(Double.isFinite(slope) && slope > 0) || !Double.isFinite(intercept)) {
      throw new IllegalArgumentException(
          "calibration needs a finite positive slope and a finite intercept, got slope "
              + slope
              + ", intercept "
              + intercept);
    }
  }

  /** The calibration an envelope carries, if any; a malformed one is a {@link ModelException}. */
  public static Optional<PlattCalibration> of(ModelEnvelope envelope) {
    Calibration calibration = envelope.getCalibration();
    if (calibration == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PlattCalibration(calibration.getSlope(), calibration.getIntercept()));
    } catch (IllegalArgumentException e) {
      throw new ModelException(
          "calibration of "
              + envelope.getName()
              + " v"
              + envelope.getVersion()
              + " is unusable: "
              + e.getMessage(),
          e);
    }
  }

  /** The calibrated probability of a raw score. */
  public double apply(double score) {
    if (score <= 0 || score >= 1) {
      return score <= 0 ? 0 : 1;
    }
    return sigmoid(slope * logit(score) + intercept);
  }

  /** The raw score whose calibrated probability is {@code probability}: the inverse of apply. */
  public double invert(double probability) {
    if (probability <= 0 || probability >= 1) {
      return probability <= 0 ? 0 : 1;
    }
    return sigmoid((logit(probability) - intercept) / slope);
  }

  /** The envelope's record of this calibration. */
  public Calibration toAvro(String method, long examples) {
    return Calibration.newBuilder()
        .setMethod(method)
        .setSlope(slope)
        .setIntercept(intercept)
        .setExamples(examples)
        .build();
  }

  /** {@code ln(p / (1 - p))} with {@code p} kept away from 0 and 1. */
  public static double logit(double p) {
    double clipped = Math.min(1 - EDGE, Math.max(EDGE, p));
    return Math.log(clipped / (1 - clipped));
  }

  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
