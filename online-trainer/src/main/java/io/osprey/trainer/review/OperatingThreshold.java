package io.osprey.trainer.review;

import io.osprey.model.PlattCalibration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The operating threshold on the two scales it lives on.
 *
 * <ul>
 *   <li>{@code raw}: the scale of the network's (imbalance-corrected) scores, which the trainer's
 *       prequential evaluation and {@link ThresholdPolicy} see.
 *   <li>{@code served}: the scale of the scores the scorer computes, i.e. after the envelope's
 *       calibration. This is the threshold written into the envelope.
 * </ul>
 *
 * A calibration is increasing, so {@code raw >= t} decides exactly like {@code calibrated >=
 * calibration(t)}: each publication chooses on the raw scale and maps the result through its own
 * calibration. A {@code FIXED} threshold is the other way round: the configured value is a
 * probability (served scale), mapped back for the trainer's own decisions.
 */
public record OperatingThreshold(double served, double raw) {

  /** Before any calibration, both scales are the same. */
  public static OperatingThreshold uncalibrated(double threshold) {
    return new OperatingThreshold(threshold, threshold);
  }

  /** A served threshold under {@code calibration}, with its raw equivalent. */
  public static OperatingThreshold served(
      double threshold, Optional<PlattCalibration> calibration) {
    return new OperatingThreshold(
        threshold, calibration.map(c -> c.invert(threshold)).orElse(threshold));
  }

  /**
   * The threshold for a publication whose calibration is {@code calibration}: chosen by {@code
   * policy} on the raw scores and labels of the recent window, or the raw threshold in force when
   * the policy cannot choose (no fraud to go on, too few examples).
   */
  public OperatingThreshold next(
      ThresholdPolicy policy,
      double[] rawScores,
      double[] labels,
      Optional<PlattCalibration> calibration) {
    if (policy.target() == ThresholdPolicy.Target.FIXED) {
      return served(policy.fixedThreshold(), calibration);
    }
    boolean anyFraud = false;
    for (double label : labels) {
      anyFraud |= label >= 0.5;
    }
    OptionalDouble chosen = OptionalDouble.empty();
    // Without a fraud in the window, precision and cost targets have nothing to go on.
    if (anyFraud || policy.target() == ThresholdPolicy.Target.ALERT_BUDGET) {
      chosen = policy.choose(rawScores, labels);
    }
    double rawThreshold = chosen.orElse(raw);
    return new OperatingThreshold(
        calibration.map(c -> c.apply(rawThreshold)).orElse(rawThreshold), rawThreshold);
  }
}
