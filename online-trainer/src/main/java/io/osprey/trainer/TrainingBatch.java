package io.osprey.trainer;

import java.util.Map;

/**
 * One mini-batch ready for the network, with what the envelope must say about where it came from.
 *
 * @param features one row of raw feature values per example
 * @param labels 1 for fraud, 0 otherwise
 * @param nextOffsets per partition, the offset after the last example of that partition in the
 *     batch: what to commit once a model including this batch is published
 */
public record TrainingBatch(
    double[][] features,
    double[] labels,
    long fromEventTime,
    long toEventTime,
    Map<Integer, Long> nextOffsets) {
  public TrainingBatch {
    if (features.length != labels.length || features.length == 0) {
      throw new IllegalArgumentException("a batch needs as many labels as rows, and at least one");
    }
    nextOffsets = Map.copyOf(nextOffsets);
  }

  public int size() {
    return labels.length;
  }
}
