package io.osprey.trainer.intake;

import java.util.Map;

/**
 * One mini-batch ready for the network, with what the envelope must say about where it came from.
 *
 * @param features one row of raw feature values per example
 * @param labels 1 for fraud, 0 otherwise
 * @param heldOut per row, whether it is kept from training (for the promotion gate)
 * @param nextOffsets per partition, the offset after the last example of that partition in the
 *     batch: what to commit once a model including this batch is published
 */
public record TrainingBatch(
    double[][] features,
    double[] labels,
    boolean[] heldOut,
    long fromEventTime,
    long toEventTime,
    Map<Integer, Long> nextOffsets) {
  public TrainingBatch {
    if (features.length != labels.length || features.length == 0) {
      throw new IllegalArgumentException("a batch needs as many labels as rows, and at least one");
    }
    if (heldOut.length != labels.length) {
      throw new IllegalArgumentException("a batch needs a held-out flag per row");
    }
    nextOffsets = Map.copyOf(nextOffsets);
  }

  /** A batch with nothing held out. */
  public TrainingBatch(
      double[][] features,
      double[] labels,
      long fromEventTime,
      long toEventTime,
      Map<Integer, Long> nextOffsets) {
    this(features, labels, new boolean[labels.length], fromEventTime, toEventTime, nextOffsets);
  }

  public int heldOutCount() {
    int count = 0;
    for (boolean flag : heldOut) {
      count += flag ? 1 : 0;
    }
    return count;
  }

  /**
   * The rows to learn from (not held out), with this batch's time range and offsets, or null when
   * every row is held out.
   */
  public TrainingBatch learnable() {
    int held = heldOutCount();
    if (held == 0) {
      return this;
    }
    if (held == size()) {
      return null;
    }
    double[][] rows = new double[size() - held][];
    double[] kept = new double[rows.length];
    for (int i = 0, j = 0; i < size(); i++) {
      if (!heldOut[i]) {
        rows[j] = features[i];
        kept[j++] = labels[i];
      }
    }
    return new TrainingBatch(rows, kept, fromEventTime, toEventTime, nextOffsets);
  }

  public int size() {
    return labels.length;
  }
}
