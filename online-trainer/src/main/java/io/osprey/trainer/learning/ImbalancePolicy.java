package io.osprey.trainer.learning;

import java.util.Random;

/**
 * How the trainer counters the rarity of fraud, and how it turns the scores of a network trained
 * that way back into true probabilities.
 *
 * <ul>
 *   <li><b>Weighted loss:</b> each fraud's cross-entropy (and gradient) counts {@code
 *       positiveWeight} times. Implemented by repeating each fraud in the mini-batch {@code
 *       floor(w)} times, plus once more with probability {@code w - floor(w)}: the summed loss of
 *       the batch is then the weighted loss (exactly for a whole {@code w}, in expectation
 *       otherwise). DL4J's per-example label mask cannot do this (it scales the output too).
 *   <li><b>Negative down-sampling:</b> each non-fraud is trained on with probability {@code
 *       negativeSampleRate}; frauds always are. Every example is still evaluated.
 * </ul>
 *
 * Both shift the network's odds in a known way: trained on such data, the network converges to odds
 * {@code o' = o * w / r}, where {@code o = p / (1 - p)} are the true odds, {@code w} the positive
 * weight and {@code r} the negative sample rate. So the true probability is
 *
 * <pre>p = sigmoid(logit(p') + ln(r / w)) = (r/w) p' / ((r/w) p' + 1 - p')</pre>
 *
 * The trainer applies this correction ({@link #logitCorrection()}) to every score it evaluates and
 * bakes it into the output bias of every published network, so the scorer serves calibrated
 * probabilities without knowing about it; the envelope records it as the metric {@code
 * logit_correction} so a resumed trainer can take it out again before training on.
 *
 * @param positiveWeight weight of a fraud's loss, at least 1 (1: unweighted)
 * @param negativeSampleRate probability of training on a non-fraud, in (0, 1] (1: all)
 */
public record ImbalancePolicy(double positiveWeight, double negativeSampleRate) {
  public static final ImbalancePolicy NONE = new ImbalancePolicy(1, 1);

  /** The key of the correction in an envelope's metrics. */
  public static final String CORRECTION_METRIC = "logit_correction";

  public ImbalancePolicy {
    if (!(positiveWeight >= 1)) {
      throw new IllegalArgumentException("the positive weight must be at least 1");
    }
    if (!(negativeSampleRate > 0 && negativeSampleRate <= 1)) {
      throw new IllegalArgumentException("the negative sample rate must be in (0, 1]");
    }
  }

  /** {@code ln(r / w)}: added to the trained network's logit to get the true log-odds. */
  public double logitCorrection() {
    return Math.log(negativeSampleRate) - Math.log(positiveWeight);
  }

  /** Corrects a score of the trained network to a true probability, as described above. */
  public static double correct(double trainedScore, double logitCorrection) {
    if (logitCorrection == 0) {
      return trainedScore;
    }
    double factor = Math.exp(logitCorrection);
    return factor * trainedScore / (factor * trainedScore + 1 - trainedScore);
  }

  /** The rows of one gradient step. */
  public record Rows(double[][] features, double[] labels) {
    public int size() {
      return labels.length;
    }
  }

  /**
   * The rows a batch contributes to one gradient step: each example {@link #copies} times, in batch
   * order. Returns the batch itself when nothing is repeated or dropped. May be empty (every
   * example was a dropped non-fraud).
   */
  public Rows resample(double[][] features, double[] labels, Random random) {
    int rows = 0;
    int[] copies = new int[labels.length];
    boolean identity = true;
    for (int i = 0; i < copies.length; i++) {
      copies[i] = copies(labels[i] >= 0.5, random);
      rows += copies[i];
      identity &= copies[i] == 1;
    }
    if (identity) {
      return new Rows(features, labels);
    }
    double[][] keptFeatures = new double[rows][];
    double[] keptLabels = new double[rows];
    int j = 0;
    for (int i = 0; i < copies.length; i++) {
      for (int c = 0; c < copies[i]; c++) {
        keptFeatures[j] = features[i];
        keptLabels[j++] = labels[i];
      }
    }
    return new Rows(keptFeatures, keptLabels);
  }

  /**
   * How many times to put an example into the mini-batch: 0 for a non-fraud dropped by sampling, 1
   * for a kept non-fraud, {@code floor(w)} or {@code floor(w) + 1} for a fraud (see above).
   */
  int copies(boolean fraud, Random random) {
    if (!fraud) {
      return negativeSampleRate >= 1 || random.nextDouble() < negativeSampleRate ? 1 : 0;
    }
    int whole = (int) Math.floor(positiveWeight);
    double fraction = positiveWeight - whole;
    return whole + (fraction > 0 && random.nextDouble() < fraction ? 1 : 0);
  }
}
