package io.osprey.trainer.learning;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.model.evaluation.ScoreHistogram;
import io.osprey.model.evaluation.Scores;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Prequential ("test, then train") evaluation: every mini-batch is scored by the model as it was
 * before training on that batch, so each example is an honest out-of-sample test and no hold-out
 * set is needed. Keeps two views: everything since this trainer started, and a sliding window of
 * the most recent batches, which tracks the current model rather than its early, untrained self.
 *
 * <p>Each view has the confusion matrix at the operating threshold in force when the batch was
 * scored, and the threshold-free {@link RankingMetrics} (PR-AUC, ROC-AUC, log-loss, precision and
 * recall at the alert budget): exact over the window, which keeps its scores, and from a {@link
 * ScoreHistogram} since start.
 *
 * <p>Not thread-safe: the training thread records; other threads read {@link #snapshot()}, which is
 * published through a volatile field.
 */
public final class PrequentialEvaluator {
  private final int windowBatches;
  private final double alertBudget;
  private final Deque<BatchResult> window = new ArrayDeque<>();
  private final ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
  private ConfusionMatrix sinceStart = ConfusionMatrix.EMPTY;
  private ConfusionMatrix windowTotal = ConfusionMatrix.EMPTY;
  private int windowExamples;
  private long batches;
  private volatile EvaluationSnapshot snapshot = EvaluationSnapshot.EMPTY;

  /** The outcome of one batch and the event-time range it covers. */
  private record BatchResult(
      ConfusionMatrix matrix,
      double[] scores,
      double[] labels,
      long fromEventTime,
      long toEventTime) {}

  /**
   * @param windowBatches batches in the sliding window
   * @param alertBudget fraction of the highest scores that count as alerts, in (0, 1]
   */
  public PrequentialEvaluator(int windowBatches, double alertBudget) {
    if (windowBatches < 1) {
      throw new IllegalArgumentException("the window needs at least one batch");
    }
    if (!(alertBudget > 0 && alertBudget <= 1)) {
      throw new IllegalArgumentException("the alert budget must be in (0, 1]");
    }
    this.windowBatches = windowBatches;
    this.alertBudget = alertBudget;
  }

  /**
   * Adds one batch as scored before training on it, decided at {@code threshold}; returns the
   * updated snapshot.
   */
  public EvaluationSnapshot record(
      double[] rawScores, double[] labels, double threshold, long fromEventTime, long toEventTime) {
    // Kept as probabilities: the window's scores also choose thresholds and fit calibrations.
    double[] scores = Scores.probabilities(rawScores);
    ConfusionMatrix batch = ConfusionMatrix.of(scores, labels, threshold);
    batches++;
    sinceStart = sinceStart.plus(batch);
    histogram.add(scores, labels);
    window.addLast(
        new BatchResult(batch, scores.clone(), labels.clone(), fromEventTime, toEventTime));
    windowTotal = windowTotal.plus(batch);
    windowExamples += scores.length;
    if (window.size() > windowBatches) {
      BatchResult evicted = window.removeFirst();
      windowTotal = windowTotal.minus(evicted.matrix());
      windowExamples -= evicted.scores().length;
    }
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (BatchResult result : window) {
      from = Math.min(from, result.fromEventTime());
      to = Math.max(to, result.toEventTime());
    }
    snapshot =
        new EvaluationSnapshot(
            sinceStart,
            windowTotal,
            RankingMetrics.of(windowScores(), windowLabels(), alertBudget),
            histogram.metrics(alertBudget),
            alertBudget,
            batches,
            from,
            to);
    return snapshot;
  }

  /** The scores of the window, oldest first (training thread only). */
  public double[] windowScores() {
    double[] all = new double[windowExamples];
    int at = 0;
    for (BatchResult result : window) {
      System.arraycopy(result.scores(), 0, all, at, result.scores().length);
      at += result.scores().length;
    }
    return all;
  }

  /** The labels of the window, aligned with {@link #windowScores()} (training thread only). */
  public double[] windowLabels() {
    double[] all = new double[windowExamples];
    int at = 0;
    for (BatchResult result : window) {
      System.arraycopy(result.labels(), 0, all, at, result.labels().length);
      at += result.labels().length;
    }
    return all;
  }

  /** The latest figures; safe to call from any thread. */
  public EvaluationSnapshot snapshot() {
    return snapshot;
  }
}
