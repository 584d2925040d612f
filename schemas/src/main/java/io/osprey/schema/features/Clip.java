package io.osprey.schema.features;

import java.io.Serializable;

/** Bounds a value to {@code [lo, hi]} before its transform ({@code clip: [0, 10000]}). */
public record Clip(double lo, double hi) implements Serializable {
  public Clip {
    if (!(lo < hi)) {
      throw new IllegalArgumentException("clip needs lo < hi, got [" + lo + ", " + hi + "]");
    }
  }

  public double apply(double x) {
    return Math.max(lo, Math.min(hi, x));
  }
}
