package io.osprey.bench.quality;

import java.util.Arrays;
import java.util.Locale;

/**
 * One figure over repeated runs: its mean, lowest and highest, over the runs where it was defined.
 *
 * @param runs runs where the figure was defined (NaN runs are left out; 0: undefined everywhere)
 */
public record Spread(double mean, double min, double max, int runs) {

  public static Spread of(double... values) {
    double[] defined = Arrays.stream(values).filter(Double::isFinite).toArray();
    if (defined.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    return new Spread(
        Arrays.stream(defined).average().orElseThrow(),
        Arrays.stream(defined).min().orElseThrow(),
        Arrays.stream(defined).max().orElseThrow(),
        defined.length);
  }

  /** "0.812 (0.801–0.823)", "0.812" for one run, "n/a" when undefined. */
  public String describe() {
    if (runs == 0) {
      return "n/a";
    }
    String mean = String.format(Locale.ROOT, "%.3f", this.mean);
    return runs == 1 ? mean : String.format(Locale.ROOT, "%s (%.3f–%.3f)", mean, min, max);
  }
}
