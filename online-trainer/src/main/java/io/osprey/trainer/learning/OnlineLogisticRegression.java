package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import io.osprey.model.RunningStats;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Locale;
import java.util.Random;

/**
 * The baseline the network must beat: logistic regression on the same normalised features, learned
 * by plain mini-batch SGD in Java, with the same imbalance handling and score correction as {@link
 * Learner} and the same order (score the batch, fold it into the running normaliser, then step). If
 * the network cannot do better than this, its extra capacity buys nothing.
 *
 * <p>Each step moves the weights against the mean log-loss gradient of the batch's (resampled)
 * rows, with L2 decay: {@code w -= rate * (mean((p - y) x) + l2 w)}. Owned by one thread.
 */
public final class OnlineLogisticRegression implements PrequentialLearner {
  private final double[] weights;
  private double bias;
  private final RunningStats stats;
  private Normalizer normalizer;
  private final ImbalancePolicy imbalance;
  private final Random sampling;
  private final double learningRate;
  private final double l2;
  private final float[] row;
  private final RefusedSteps refusedSteps = new RefusedSteps();

  /**
   * @param learningRate SGD step size, positive
   * @param l2 weight decay, not negative
   */
  public OnlineLogisticRegression(
      int features, double learningRate, double l2, ImbalancePolicy imbalance, long seed) {
    if (!(learningRate > 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("need a positive learning rate and a non-negative l2");
    }
    this.weights = new double[features];
    this.stats = new RunningStats(features);
    this.normalizer = Normalizer.identity(features);
    this.imbalance = imbalance;
    this.sampling = new Random(seed);
    this.learningRate = learningRate;
    this.l2 = l2;
    this.row = new float[features];
  }

  @Override
  public double[] evaluateThenFit(TrainingBatch batch) {
    double[][] features = batch.features();
    double[] scores = new double[features.length];
    double correction = imbalance.logitCorrection();
    for (int i = 0; i < features.length; i++) {
      scores[i] = sigmoid(logit(features[i]) + correction);
    }
    for (double[] values : features) {
      stats.add(values); // a row that would poison the statistics is left out
    }
    normalizer = stats.toNormalizer();
    FiniteRows finite = FiniteRows.of(batch);
    ImbalancePolicy.Rows rows = imbalance.resample(finite.features(), finite.labels(), sampling);
    if (rows.size() > 0 && !step(rows)) {
      refusedSteps.refused(describe());
    }
    return scores;
  }

  /** Steps not taken because the gradient was not finite. */
  public long refusedSteps() {
    return refusedSteps.count();
  }

  /** The corrected probability of fraud for one raw feature vector. */
  public double score(double[] features) {
    return sigmoid(logit(features) + imbalance.logitCorrection());
  }

  /** One SGD step, or none (returns false) when the gradient is not finite: weights stay sane. */
  private boolean step(ImbalancePolicy.Rows rows) {
    double[] gradient = new double[weights.length];
    double biasGradient = 0;
    for (int i = 0; i < rows.size(); i++) {
      double error = sigmoid(logit(rows.features()[i])) - rows.labels()[i];
      for (int f = 0; f < weights.length; f++) {
        gradient[f] += error * row[f]; // row holds this example's normalised values
      }
      biasGradient += error;
    }
    if (!Double.isFinite(biasGradient)) {
      return false;
    }
    for (double g : gradient) {
      if (!Double.isFinite(g)) {
        return false;
      }
    }
    double scale = learningRate / rows.size();
    for (int f = 0; f < weights.length; f++) {
      weights[f] -= scale * gradient[f] + learningRate * l2 * weights[f];
    }
    bias -= scale * biasGradient;
    return true;
  }

  /** The trained log-odds of one raw vector; leaves its normalised values in {@code row}. */
  private double logit(double[] values) {
    normalizer.apply(values, row);
    double z = bias;
    for (int f = 0; f < weights.length; f++) {
      z += weights[f] * row[f];
    }
    return z;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "logistic regression on %d features (online SGD, rate %s, l2 %s)",
        weights.length,
        learningRate,
        l2);
  }
}
