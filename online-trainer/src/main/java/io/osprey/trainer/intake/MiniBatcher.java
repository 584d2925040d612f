package io.osprey.trainer.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects examples from consumer polls into mini-batches of a fixed size. Polls and batches do not
 * line up (a poll returns whatever the broker has), so examples wait here between polls; a partial
 * batch is released once its oldest example has waited {@code lingerMillis}, so a slow stream still
 * trains.
 */
public final class MiniBatcher {
  private final int batchSize;
  private final long lingerMillis;
  private final List<Example> pending = new ArrayList<>();
  private long oldestArrival;

  /**
   * One usable example and its position in the topic.
   *
   * @param heldOut kept from training, for the promotion gate's hold-out
   */
  public record Example(
      double[] values, boolean fraud, long eventTime, int partition, long offset, boolean heldOut) {
    public Example(double[] values, boolean fraud, long eventTime, int partition, long offset) {
      this(values, fraud, eventTime, partition, offset, false);
    }
  }

  public MiniBatcher(int batchSize, long lingerMillis) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.batchSize = batchSize;
    this.lingerMillis = lingerMillis;
  }

  public void add(Example example, long nowMillis) {
    if (pending.isEmpty()) {
      oldestArrival = nowMillis;
    }
    pending.add(example);
  }

  public int pending() {
    return pending.size();
  }

  /**
   * The next batch, or null: a full batch whenever one is available, otherwise the partial batch if
   * it has lingered long enough.
   */
  public TrainingBatch next(long nowMillis) {
    if (pending.size() >= batchSize) {
      return take(batchSize, nowMillis);
    }
    if (!pending.isEmpty() && nowMillis - oldestArrival >= lingerMillis) {
      return take(pending.size(), nowMillis);
    }
    return null;
  }

  /**
   * Drops the untrained examples of partitions this trainer no longer owns (after a rebalance);
   * their new owner consumes them again from the committed offset.
   */
  public void dropPartitions(Collection<Integer> partitions) {
    pending.removeIf(example -> partitions.contains(example.partition()));
  }

  private TrainingBatch take(int count, long nowMillis) {
    List<Example> taken = pending.subList(0, count);
    double[][] features = new double[count][];
    double[] labels = new double[count];
    boolean[] heldOut = new boolean[count];
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    Map<Integer, Long> nextOffsets = new HashMap<>();
    for (int i = 0; i < count; i++) {
      Example example = taken.get(i);
      features[i] = example.values();
      labels[i] = example.fraud() ? 1.0 : 0.0;
      heldOut[i] = example.heldOut();
      from = Math.min(from, example.eventTime());
      to = Math.max(to, example.eventTime());
      nextOffsets.merge(example.partition(), example.offset() + 1, Math::max);
    }
    taken.clear();
    // The rest is treated as arriving now: it may wait up to one extra linger, which is harmless,
    // and tracking every arrival time is not worth it.
    oldestArrival = nowMillis;
    return new TrainingBatch(features, labels, heldOut, from, to, nextOffsets);
  }
}
