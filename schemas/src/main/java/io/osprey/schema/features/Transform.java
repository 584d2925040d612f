package io.osprey.schema.features;

/** Applied last, after any clip, to a numeric feature or an aggregate. */
public enum Transform {
  NONE,
  /**
   * sign(x) · ln(1 + |x|): log1p for the non-negative values it is meant for (amounts, counts,
   * durations), and still finite and monotone should a value be negative.
   */
  LOG1P;

  public double apply(double x) {
    return this == NONE ? x : Math.copySign(Math.log1p(Math.abs(x)), x);
  }

  public String specName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
