package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import io.osprey.model.RunningStats;
import io.osprey.model.dl4j.Dl4jMlp;
import java.util.Random;

/**
 * Trains a network over a fixed set of examples, one epoch at a time: the examples in a fresh
 * random order each epoch, in mini-batches, each batch resampled per the {@link ImbalancePolicy}
 * like the online trainer's. The order is shuffled only within the data given, so a time split made
 * beforehand stays a time split. Used by the lake bootstrap and the offline upper bound.
 */
public final class EpochTrainer {
  private final Dl4jMlp model;
  private final ImbalancePolicy imbalance;
  private final int batchSize;
  private final Random random;

  public EpochTrainer(Dl4jMlp model, ImbalancePolicy imbalance, int batchSize, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.model = model;
    this.imbalance = imbalance;
    this.batchSize = batchSize;
    this.random = new Random(seed);
  }

  /** The normaliser of {@code features}: mean and standard deviation of each column. */
  public static Normalizer fitNormalizer(double[][] features, int columns) {
    RunningStats stats = new RunningStats(columns);
    for (double[] row : features) {
      stats.add(row);
    }
    return stats.toNormalizer();
  }

  /** One pass over every example, in a new random order. */
  public void fitEpoch(double[][] features, double[] labels) {
    int[] order = new int[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    for (int start = 0; start < order.length; start += batchSize) {
      int size = Math.min(batchSize, order.length - start);
      double[][] batchFeatures = new double[size][];
      double[] batchLabels = new double[size];
      for (int k = 0; k < size; k++) {
        batchFeatures[k] = features[order[start + k]];
        batchLabels[k] = labels[order[start + k]];
      }
      ImbalancePolicy.Rows rows = imbalance.resample(batchFeatures, batchLabels, random);
      if (rows.size() > 0) {
        model.fit(rows.features(), rows.labels());
      }
    }
  }

  /**
   * Scores many rows with the network's batched forward pass, in chunks so the native arrays stay
   * small, and corrects them for the imbalance policy: probabilities of fraud.
   */
  public static double[] scores(Dl4jMlp model, double[][] features, double logitCorrection) {
    int chunk = 65_536;
    double[] scores = new double[features.length];
    for (int start = 0; start < features.length; start += chunk) {
      int size = Math.min(chunk, features.length - start);
      double[][] part = new double[size][];
      System.arraycopy(features, start, part, 0, size);
      double[] partScores = model.scoreAll(part);
      for (int i = 0; i < size; i++) {
        scores[start + i] = ImbalancePolicy.correct(partScores[i], logitCorrection);
      }
    }
    return scores;
  }
}
