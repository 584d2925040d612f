package io.osprey.system;

import java.time.Duration;

/**
 * Decides, from what the readiness probe has seen on {@code predictions}, whether the system is
 * live, still starting, or stuck. No broker here: the probe feeds it observations and a clock.
 *
 * <p>The warm-up record's own prediction is proof enough. But a restart that finds a backlog scores
 * the backlog first, and the warm-up record waits behind it for as long as the backlog takes; a
 * fixed deadline on that one record failed every restart with more than a few minutes of backlog
 * although the system was working through it. So predictions that keep arriving for {@code
 * sustained} also count as live, and the probe gives up only when nothing at all has come out for
 * {@code stall}: measured from the start, then from the latest prediction.
 */
final class ReadinessWatch {
  /** What the probe should do next. */
  enum Verdict {
    /** The warm-up record was scored, or predictions have kept flowing: the pipeline is live. */
    LIVE,
    /** Nothing decided yet: keep polling. */
    WAITING,
    /** No prediction for longer than the stall bound: give up. */
    STALLED
  }

  private final long sustainedNanos;
  private final long stallNanos;
  private final long startNanos;
  private long firstPredictionNanos = -1;
  private long lastPredictionNanos = -1;
  private long predictions;
  private boolean warmupScored;

  ReadinessWatch(Duration sustained, Duration stall, long startNanos) {
    if (sustained.compareTo(stall) >= 0) {
      throw new IllegalArgumentException("sustained must be shorter than stall");
    }
    this.sustainedNanos = sustained.toNanos();
    this.stallNanos = stall.toNanos();
    this.startNanos = startNanos;
  }

  /** Records that {@code count} predictions arrived at {@code nowNanos} (the warm-up's or not). */
  void predictionsSeen(long nowNanos, int count, boolean warmupAmongThem) {
    warmupScored |= warmupAmongThem;
    if (count <= 0) {
      return;
    }
    if (firstPredictionNanos < 0) {
      firstPredictionNanos = nowNanos;
    }
    lastPredictionNanos = nowNanos;
    predictions += count;
  }

  Verdict verdict(long nowNanos) {
    if (warmupScored) {
      return Verdict.LIVE;
    }
    long lastProgress = lastPredictionNanos < 0 ? startNanos : lastPredictionNanos;
    if (nowNanos - lastProgress > stallNanos) {
      return Verdict.STALLED;
    }
    // A gap longer than the stall bound ends in STALLED above, so "first to latest" spans an
    // unbroken flow.
    if (firstPredictionNanos >= 0 && lastPredictionNanos - firstPredictionNanos >= sustainedNanos) {
      return Verdict.LIVE;
    }
    return Verdict.WAITING;
  }

  boolean warmupScored() {
    return warmupScored;
  }

  /** Predictions seen so far (of the backlog and the warm-up record alike). */
  long predictions() {
    return predictions;
  }
}
