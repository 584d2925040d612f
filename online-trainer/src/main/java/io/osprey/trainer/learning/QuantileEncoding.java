package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import java.util.Arrays;
import java.util.Random;

/**
 * A per-feature piecewise-linear encoding that lets a small network bend each numeric feature: the
 * feature's normalised value, clipped to {@code ±clip}, followed by {@code bins} components, the
 * t-th being {@code clamp((x - b[t-1]) / (b[t] - b[t-1]), 0, 1)} for the raw value {@code x} and
 * boundaries {@code b} at the quantiles of the feature seen so far (Gorishniy et al., "On
 * Embeddings for Numerical Features in Tabular Deep Learning", 2022). Bins whose two boundaries are
 * equal (a feature with few distinct values) stay 0.
 *
 * <p>The quantiles come from a uniform reservoir of past rows. Boundaries are refitted at doubling
 * example counts up to {@code freezeAfter}, then kept: each refit changes what the network's inputs
 * mean, so they settle early. Every component is a difference of two ReLUs of an affine function of
 * the normalised value, which is what lets a published network carry the encoding as a fixed first
 * layer ({@link EncodedNetwork}). Owned by one thread.
 */
final class QuantileEncoding {
  private final int features;
  private final int bins;
  private final double clip;
  private final long freezeAfter;
  private final double[][] reservoir;
  private final Random random;
  private long seen;
  private long nextRefit = 1;
  private double[][] boundaries; // [feature][bins + 1], raw units; null before the first fit

  QuantileEncoding(
      int features, int bins, double clip, int reservoirSize, long freezeAfter, long seed) {
    this.features = features;
    this.bins = bins;
    this.clip = clip;
    this.freezeAfter = freezeAfter;
    this.reservoir = new double[reservoirSize][];
    this.random = new Random(seed);
  }

  /** Encoded values per raw feature: the clipped value and one per bin. */
  int width() {
    return 1 + bins;
  }

  int encodedSize() {
    return features * width();
  }

  int bins() {
    return bins;
  }

  double clip() {
    return clip;
  }

  /** The boundaries of feature {@code f} in raw units, or null before the first fit. */
  double[] boundaries(int f) {
    return boundaries == null ? null : boundaries[f];
  }

  /** Folds finite rows into the reservoir and refits the boundaries when a refit is due. */
  void observe(double[][] rows) {
    for (double[] row : rows) {
      if (!FiniteRows.allFinite(row)) {
        continue;
      }
      if (seen < reservoir.length) {
        reservoir[(int) seen] = row;
      } else {
        long slot = (long) (random.nextDouble() * (seen + 1));
        if (slot < reservoir.length) {
          reservoir[(int) slot] = row;
        }
      }
      seen++;
    }
    if (seen >= nextRefit && (boundaries == null || nextRefit <= freezeAfter)) {
      refit();
      while (nextRefit <= seen) {
        nextRefit *= 2;
      }
    }
  }

  private void refit() {
    int n = (int) Math.min(seen, reservoir.length);
    double[][] fitted = new double[features][bins + 1];
    double[] column = new double[n];
    for (int f = 0; f < features; f++) {
      for (int i = 0; i < n; i++) {
        column[i] = reservoir[i][f];
      }
      Arrays.sort(column);
      for (int t = 0; t <= bins; t++) {
        fitted[f][t] = column[(int) Math.min(n - 1, Math.round((double) t * (n - 1) / bins))];
      }
    }
    boundaries = fitted;
  }

  /** Encodes one raw row with the current normaliser into {@code out} at {@code offset}. */
  void encode(double[] raw, Normalizer normalizer, float[] normalised, double[] out, int offset) {
    normalizer.apply(raw, normalised);
    for (int f = 0; f < features; f++) {
      int base = offset + f * width();
      out[base] = Math.max(-clip, Math.min(clip, normalised[f]));
      double x = Double.isNaN(raw[f]) ? normalizer.mean()[f] : raw[f];
      for (int t = 1; t <= bins; t++) {
        double value = 0;
        if (boundaries != null) {
          double low = boundaries[f][t - 1];
          double high = boundaries[f][t];
          if (high > low) {
            value = Math.max(0, Math.min(1, (x - low) / (high - low)));
          }
        }
        out[base + t] = value;
      }
    }
  }
}
