package io.osprey.trainer.review;

import io.osprey.model.PlattCalibration;
import io.osprey.model.ScoringModel;
import io.osprey.schema.Calibration;
import java.util.Optional;

/**
 * Fits the calibration of each candidate the online trainer publishes, on matured labels the
 * candidate was not trained on: the gate's hold-out when it has enough labels ({@code
 * platt-holdout}, the candidate's own scores), otherwise the recent prequential window ({@code
 * platt-prequential}: the scores the model gave each example just before learning from it, so still
 * out of sample, though from slightly earlier states of the network).
 *
 * @param enabled false: envelopes carry no calibration and scores are served as they are
 * @param minLabels fewer labelled examples than this (or a single class) and nothing is fitted
 */
public record Calibrator(boolean enabled, int minLabels) {
  public static final String HOLDOUT = "platt-holdout";
  public static final String PREQUENTIAL = "platt-prequential";
  public static final String VALIDATION = "platt-validation";
  public static final Calibrator DISABLED = new Calibrator(false, 1);

  public Calibrator {
    if (minLabels < 1) {
      throw new IllegalArgumentException("calibration needs at least one label");
    }
  }

  /** A fitted calibration, how and on how many labels. */
  public record Fitted(PlattCalibration calibration, String method, long examples) {
    public Calibration toAvro() {
      return calibration.toAvro(method, examples);
    }
  }

  /** The calibration of {@code candidate} (raw, uncalibrated scores), if one can be fitted. */
  public Optional<Fitted> fit(
      ScoringModel candidate, HoldOut holdOut, double[] windowScores, double[] windowLabels) {
    if (!enabled) {
      return Optional.empty();
    }
    if (usable(holdOut.labels())) {
      double[] labels = holdOut.labels();
      return fit(candidate.scoreAll(holdOut.features()), labels, HOLDOUT);
    }
    if (usable(windowLabels)) {
      return fit(windowScores, windowLabels, PREQUENTIAL);
    }
    return Optional.empty();
  }

  /** The calibration of raw scores against labels, recorded as fitted by {@code method}. */
  public Optional<Fitted> fit(double[] scores, double[] labels, String method) {
    if (!enabled || !usable(labels)) {
      return Optional.empty();
    }
    return PlattFitter.fit(scores, labels)
        .map(calibration -> new Fitted(calibration, method, labels.length));
  }

  private boolean usable(double[] labels) {
    if (labels.length < minLabels) {
      return false;
    }
    boolean fraud = false;
    boolean normal = false;
    for (double label : labels) {
      fraud |= label >= 0.5;
      normal |= label < 0.5;
    }
    return fraud && normal;
  }
}
