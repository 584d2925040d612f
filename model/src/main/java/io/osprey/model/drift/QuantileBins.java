package io.osprey.model.drift;

import io.osprey.schema.BinnedDistribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bins a sample at its own quantiles (the reference), and counts other values into the same bins (a
 * live window). Bin 0 holds {@code x <= edges[0]}, bin {@code i} holds {@code edges[i-1] < x <=
 * edges[i]}, the last bin {@code x > edges[last]}.
 *
 * <p>Quantile bins put equal mass in each bin of the reference, so every bin says something about
 * the live window; ties (a 0/1 feature, a clipped value) collapse into one edge, so such a feature
 * gets as many bins as it has distinct cut points, never empty duplicates. Non-finite values go to
 * the nearest end bin (NaN to the last), so a window of broken values shows up as drift instead of
 * disappearing.
 */
public final class QuantileBins {
  private QuantileBins() {}

  /** The distribution of {@code sample} over (at most) {@code bins} quantile bins. */
  public static BinnedDistribution of(String name, double[] sample, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("at least 2 bins, not " + bins);
    }
    double[] sorted = Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
    List<Double> edges = new ArrayList<>();
    for (int i = 1; i < bins && sorted.length > 0; i++) {
      double cut = sorted[(int) Math.min(sorted.length - 1, (long) i * sorted.length / bins)];
      if (edges.isEmpty() || cut > edges.get(edges.size() - 1)) {
        edges.add(cut);
      }
    }
    long[] counts = counts(edges, sample);
    return BinnedDistribution.newBuilder()
        .setName(name)
        .setEdges(edges)
        .setShares(shares(counts))
        .build();
  }

  /** The bin of {@code x}. */
  public static int bin(List<Double> edges, double x) {
    if (Double.isNaN(x)) {
      return edges.size();
    }
    int low = 0;
    int high = edges.size(); // the answer is in [low, high]
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (x <= edges.get(mid)) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** How many of {@code values} fall in each bin of {@code edges}. */
  public static long[] counts(List<Double> edges, double[] values) {
    long[] counts = new long[edges.size() + 1];
    for (double value : values) {
      counts[bin(edges, value)]++;
    }
    return counts;
  }

  /** Counts as shares of their total (all zero for no values). */
  public static List<Double> shares(long[] counts) {
    long total = Arrays.stream(counts).sum();
    List<Double> shares = new ArrayList<>(counts.length);
    for (long count : counts) {
      shares.add(total == 0 ? 0.0 : (double) count / total);
    }
    return shares;
  }
}
