package io.osprey.schema.features;

/**
 * The one rule that keeps every feature value a finite number of bounded size, whatever the events
 * (valid inputs can still be extreme: an amount of {@code 1e-300} is above 0). Feature computation
 * applies it to every column of every vector, and to the two aggregates that divide; nothing else
 * in the pipeline needs to guess what a NaN or an infinity in a vector would mean, because there is
 * none.
 *
 * <ul>
 *   <li><b>Magnitude</b>: no value exceeds {@link #LIMIT} in magnitude. An overflow ({@code ±∞}) or
 *       anything larger reads as {@code ±LIMIT}; a NaN (only an overflow in the arithmetic, e.g.
 *       {@code ∞ − ∞}, can make one) reads as 0. A spec's own {@code clip} narrows this further.
 *   <li><b>Division</b> ({@code ratio_to_mean}, {@code zscore}): the quotient is at most {@link
 *       #QUOTIENT_LIMIT} in magnitude. Equivalently, the mean or standard deviation divided by is
 *       never taken as smaller than {@code |value| / QUOTIENT_LIMIT}: a card whose hour holds one
 *       payment of {@code 1e-300} and then pays 100 reads a ratio of {@code 1e6}, not {@code
 *       1e302}. A zero divisor still gives the feature's default, as documented per function.
 * </ul>
 *
 * Both bounds lie far beyond what an ordinary event produces (an hour's sum of the built-in spec's
 * largest valid amounts, 1e9, reaches the limit after 1,000 payments), so for ordinary traffic the
 * values, and therefore the spec hash, are unchanged. Values this large still reach the model; the
 * trainer sets aside any example beyond these bounds (only a vector from an older ingest can be).
 */
public final class ValueBounds {
  /** The largest magnitude of any feature value. */
  public static final double LIMIT = 1e12;

  /** The largest magnitude of a quotient of two values (ratio to mean, z-score). */
  public static final double QUOTIENT_LIMIT = 1e6;

  private ValueBounds() {}

  /** {@code x} within {@code [-LIMIT, LIMIT]}; NaN reads as 0. */
  public static double bound(double x) {
    if (Double.isNaN(x)) {
      return 0;
    }
    return Math.max(-LIMIT, Math.min(LIMIT, x));
  }

  /**
   * {@code numerator / denominator} within {@code [-QUOTIENT_LIMIT, QUOTIENT_LIMIT]}; {@code
   * undefined} when the denominator is 0 or either operand is NaN.
   */
  public static double quotient(double numerator, double denominator, double undefined) {
    if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
      return undefined;
    }
    double q = numerator / denominator; // ±∞ when the divisor is tiny; NaN for ∞/∞
    if (Double.isNaN(q)) {
      q = Math.signum(numerator) * Math.signum(denominator) * QUOTIENT_LIMIT;
    }
    return Math.max(-QUOTIENT_LIMIT, Math.min(QUOTIENT_LIMIT, q));
  }

  /** Whether {@code x} is a value these bounds allow: finite and at most {@link #LIMIT}. */
  public static boolean within(double x) {
    return Math.abs(x) <= LIMIT; // false for NaN
  }
}
