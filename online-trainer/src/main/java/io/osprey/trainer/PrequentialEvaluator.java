package io.osprey.trainer;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Prequential ("test, then train") evaluation: every mini-batch is scored by the model as it was
 * before training on that batch, so each example is an honest out-of-sample test and no hold-out
 * set is needed. Keeps two views: everything since this trainer started, and a sliding window of
 * the most recent batches, which tracks the current model rather than its early, untrained self.
 *
 * <p>Not thread-safe: the training thread records; other threads read {@link #snapshot()}, which is
 * published through a volatile field.
 */
public final class PrequentialEvaluator {
  private final int windowBatches;
  private final Deque<BatchResult> window = new ArrayDeque<>();
  private ConfusionMatrix sinceStart = ConfusionMatrix.EMPTY;
  private ConfusionMatrix windowTotal = ConfusionMatrix.EMPTY;
  private long batches;
  private volatile EvaluationSnapshot snapshot = EvaluationSnapshot.EMPTY;

  /** The outcome of one batch and the event-time range it covers. */
  private record BatchResult(ConfusionMatrix matrix, long fromEventTime, long toEventTime) {}

  public PrequentialEvaluator(int windowBatches) {
    if (windowBatches < 1) {
      throw new IllegalArgumentException("the window needs at least one batch");
    }
    this.windowBatches = windowBatches;
  }

  /** Adds the pre-training outcome of one batch; returns the updated snapshot. */
  public EvaluationSnapshot record(ConfusionMatrix batch, long fromEventTime, long toEventTime) {
    batches++;
    sinceStart = sinceStart.plus(batch);
    window.addLast(new BatchResult(batch, fromEventTime, toEventTime));
    windowTotal = windowTotal.plus(batch);
    if (window.size() > windowBatches) {
      // Subtracting the evicted batch keeps recording O(1) whatever the window size.
      windowTotal = windowTotal.minus(window.removeFirst().matrix());
    }
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (BatchResult result : window) {
      from = Math.min(from, result.fromEventTime());
      to = Math.max(to, result.toEventTime());
    }
    snapshot = new EvaluationSnapshot(sinceStart, windowTotal, batches, from, to);
    return snapshot;
  }

  /** The latest figures; safe to call from any thread. */
  public EvaluationSnapshot snapshot() {
    return snapshot;
  }
}
