package io.osprey.model;

import java.util.Arrays;
import java.util.List;

/**
 * Standardisation of raw features, {@code (x - mean) / std}, fitted by the trainer and stored in
 * the model envelope so the scorer applies exactly the same transformation.
 */
public record Normalizer(double[] mean, double[] std) {
  /** Below this a feature is treated as constant and only centred. */
  private static final double MIN_STD = 1e-9;

  /**
   * The largest magnitude of a normalised value, in standard deviations. A value further out says
   * nothing more to a model, and the bound keeps the float the engines take finite.
   */
  public static final float LIMIT = 1e6f;

  public Normalizer {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean and std differ in length");
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The identity for {@code size} features. */
  public static Normalizer identity(int size) {
    double[] ones = new double[size];
    Arrays.fill(ones, 1.0);
    return new Normalizer(new double[size], ones);
  }

  public static Normalizer of(List<Double> mean, List<Double> std) {
    return new Normalizer(
        mean.stream().mapToDouble(Double::doubleValue).toArray(),
        std.stream().mapToDouble(Double::doubleValue).toArray());
  }

  public int size() {
    return mean.length;
  }

  /**
   * Writes the normalised {@code raw} into {@code out}: each value within {@code ±}{@link #LIMIT};
   * a NaN reads as the mean (0 once normalised), so no engine ever receives a non-finite input.
   * Callers that must know (the scorer) check for non-finite values before.
   */
  public void apply(double[] raw, float[] out) {
    if (raw.length != mean.length) {
      throw new IllegalArgumentException(
          "expected " + mean.length + " features, got " + raw.length);
    }
    for (int i = 0; i < raw.length; i++) {
      double scale = std[i] < MIN_STD ? 1.0 : std[i];
      double z = (raw[i] - mean[i]) / scale;
      out[i] = Double.isNaN(z) ? 0f : (float) Math.max(-LIMIT, Math.min(LIMIT, z));
    }
  }

  public List<Double> meanList() {
    return Arrays.stream(mean).boxed().toList();
  }

  public List<Double> stdList() {
    return Arrays.stream(std).boxed().toList();
  }
}
