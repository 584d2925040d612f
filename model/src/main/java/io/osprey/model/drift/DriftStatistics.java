package io.osprey.model.drift;

import java.util.List;

/**
 * Two ways to say how far a live window's binned distribution is from the reference's, both on the
 * reference's bins.
 *
 * <ul>
 *   <li><b>Population stability index</b>, {@code Σ (live − ref) · ln(live / ref)} over the bins: a
 *       symmetric divergence; the rule of thumb reads below 0.1 as stable, 0.1–0.25 as a moderate
 *       shift, above 0.25 as a major one. Shares are floored at {@link #SHARE_FLOOR} so an empty
 *       bin on either side gives a large finite value, not infinity.
 *   <li><b>Kolmogorov-Smirnov distance</b>, the largest gap between the two cumulative shares at
 *       the bin edges. On binned data it is a lower bound of the exact two-sample statistic (the
 *       gap inside a bin is not seen); with ten quantile bins it misses at most the shape within a
 *       decile, and it needs no raw reference sample in the envelope.
 * </ul>
 *
 * Under no change both grow with sampling noise only: about {@code (bins − 1) · (1/n + 1/m)} for
 * the index with {@code n} live and {@code m} reference examples (0.007 for 10 bins, 2,000 and
 * 4,096), which is why the windows are thousands of events.
 */
public final class DriftStatistics {
  /** The smallest share a bin is taken to have. */
  public static final double SHARE_FLOOR = 1e-4;

  private DriftStatistics() {}

  /** The population stability index of {@code live} counts against the reference shares. */
  public static double psi(List<Double> reference, long[] live) {
    check(reference, live);
    double total = total(live);
    double psi = 0;
    for (int i = 0; i < live.length; i++) {
      double ref = Math.max(SHARE_FLOOR, reference.get(i));
      double now = Math.max(SHARE_FLOOR, live[i] / total);
      psi += (now - ref) * Math.log(now / ref);
    }
    return psi;
  }

  /** The largest gap between the cumulative shares of {@code live} and the reference. */
  public static double ks(List<Double> reference, long[] live) {
    check(reference, live);
    double total = total(live);
    double cumulativeRef = 0;
    double cumulativeLive = 0;
    double largest = 0;
    for (int i = 0; i < live.length; i++) {
      cumulativeRef += reference.get(i);
      cumulativeLive += live[i] / total;
      largest = Math.max(largest, Math.abs(cumulativeRef - cumulativeLive));
    }
    return largest;
  }

  private static double total(long[] live) {
    long total = 0;
    for (long count : live) {
      total += count;
    }
    if (total == 0) {
      throw new IllegalArgumentException("an empty live window");
    }
    return total;
  }

  private static void check(List<Double> reference, long[] live) {
    if (reference.size() != live.length) {
      throw new IllegalArgumentException(
          reference.size() + " reference bins against " + live.length + " live ones");
    }
  }
}
