package io.osprey.trainer.drift;

import io.osprey.model.ScoringModel;
import io.osprey.model.drift.ReferenceProfiles;
import io.osprey.schema.ReferenceProfile;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.List;

/**
 * Keeps the most recent training examples' raw feature values (a ring of {@code capacity} rows), so
 * that each publication can carry the {@link ReferenceProfile} of its training window: the
 * features' distributions and the candidate's own served scores on the same rows. Owned by the
 * training thread.
 */
public final class ReferenceRecorder {
  /** Fewer rows than this make no profile (the bins would be noise). */
  static final int MIN_ROWS = 64;

  private final int bins;
  private final double[][] rows;
  private final long[] eventTimes;
  private int next;
  private int size;

  public ReferenceRecorder(int capacity, int bins) {
    this.bins = bins;
    this.rows = new double[capacity][];
    this.eventTimes = new long[capacity];
  }

  public static ReferenceRecorder of(DriftConfig config) {
    return new ReferenceRecorder(config.referenceExamples(), config.bins());
  }

  /** Records every row of {@code batch} (held-out ones too: the profile is of the traffic). */
  public void add(TrainingBatch batch) {
    double[][] features = batch.features();
    for (double[] row : features) {
      rows[next] = row.clone();
      eventTimes[next] = batch.toEventTime();
      next = (next + 1) % rows.length;
      size = Math.min(size + 1, rows.length);
    }
  }

  /** Forgets every row (after a reset: the new network's window starts now). */
  public void clear() {
    size = 0;
    next = 0;
  }

  /**
   * The profile of the recorded rows as {@code scorer} serves them, or null with too few rows.
   *
   * @param threshold the publication's threshold, on the scorer's scale
   */
  public ReferenceProfile profile(List<String> names, ScoringModel scorer, double threshold) {
    if (size < MIN_ROWS) {
      return null;
    }
    double[][] window = new double[size][];
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    int start = size < rows.length ? 0 : next;
    for (int i = 0; i < size; i++) {
      int at = (start + i) % rows.length;
      window[i] = rows[at];
      from = Math.min(from, eventTimes[at]);
      to = Math.max(to, eventTimes[at]);
    }
    return ReferenceProfiles.of(names, window, scorer.scoreAll(window), threshold, bins, from, to);
  }

  /** The profile of given rows (a retrain's examples), scored by {@code scorer}. */
  public static ReferenceProfile profileOf(
      List<String> names,
      double[][] window,
      long from,
      long to,
      ScoringModel scorer,
      double threshold,
      int bins) {
    if (window.length < MIN_ROWS) {
      return null;
    }
    return ReferenceProfiles.of(names, window, scorer.scoreAll(window), threshold, bins, from, to);
  }
}
