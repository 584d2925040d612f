package io.osprey.bench;

import io.osprey.model.Normalizer;
import io.osprey.schema.features.FeatureLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Plausible raw payment feature values ({@link FeatureLayout#PAYMENTS} order), drawn once from a
 * seed: what the scoring benchmark sends over and over, and what its models are normalised on (as a
 * trainer would normalise on the vectors it saw), so that the networks see standardised inputs.
 *
 * @param rows one array of raw values per vector
 */
record FeaturePool(FeatureLayout layout, double[][] rows) {
  /** Draws {@code size} vectors from {@code seed}. */
  static FeaturePool generate(long seed, int size) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[size][];
    for (int i = 0; i < size; i++) {
      double amountLog = 2.5 + 0.9 * gaussian(random);
      double count = Math.min(40, Math.floor(Math.exp(0.5 + 0.8 * gaussian(random))));
      double amountToMean = Math.exp(0.5 * gaussian(random));
      rows[i] =
          new double[] {
            amountLog,
            count,
            Math.log1p((count + 1) * Math.exp(amountLog) / amountToMean),
            amountToMean,
            Math.log1p(Math.exp(7 + 2 * gaussian(random))),
            random.nextDouble() < 0.03 ? 1 : 0,
            random.nextDouble() < 0.3 ? 1 : 0,
            random.nextDouble() < 0.02 ? 1 : 0,
            // merchant, terminal and device traffic, known fraud, the card's previous amount
            Math.log1p(Math.floor(Math.exp(2 + gaussian(random)))),
            Math.log1p(Math.floor(Math.exp(0.5 + 0.8 * gaussian(random)))),
            random.nextDouble() < 0.01 ? 1 : 0,
            random.nextDouble() < 0.01 ? 0.5 : 0,
            Math.max(0, 0.02 + 0.01 * gaussian(random)),
            random.nextDouble() < 0.02 ? 3 : 1,
            Math.log1p(Math.floor(Math.exp(0.5 + 0.8 * gaussian(random)))),
            1 + Math.floor(Math.exp(0.3 * gaussian(random))),
            random.nextDouble() < 0.03 ? 1 : 0,
            0,
            2.5 + 0.9 * gaussian(random),
            0.9 * gaussian(random)
          };
    }
    return new FeaturePool(FeatureLayout.PAYMENTS, rows);
  }

  int size() {
    return rows.length;
  }

  double[] row(int index) {
    return rows[index];
  }

  /** The pool's mean and standard deviation per feature. */
  Normalizer normalizer() {
    int width = layout.size();
    double[] mean = new double[width];
    double[] std = new double[width];
    for (double[] row : rows) {
      for (int f = 0; f < width; f++) {
        mean[f] += row[f] / rows.length;
      }
    }
    for (double[] row : rows) {
      for (int f = 0; f < width; f++) {
        std[f] += (row[f] - mean[f]) * (row[f] - mean[f]) / rows.length;
      }
    }
    return new Normalizer(mean, Arrays.stream(std).map(Math::sqrt).toArray());
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
