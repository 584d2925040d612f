package io.osprey.sources.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Holds each record back until its turn: at speed N, event time runs N times faster than the wall
 * clock, counted from the first record. A replay that falls behind (a slow broker) is not skipped
 * ahead: it sends what is due at once until it is back on schedule. At infinite speed nothing
 * waits.
 */
final class Pacer {
  /** How long one wait lasts at most, so that a stop request is seen promptly. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final double speed;
  private boolean anchored;
  private long anchorEventTime;
  private long anchorNanos;

  Pacer(double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, got " + speed);
    }
    this.speed = speed;
  }

  /**
   * Waits until the record at {@code eventTime} is due.
   *
   * @return false when {@code stopped} became true while waiting
   */
  boolean awaitTurn(long eventTime, BooleanSupplier stopped) {
    if (Double.isInfinite(speed)) {
      return !stopped.getAsBoolean();
    }
    if (!anchored) {
      anchored = true;
      anchorEventTime = eventTime;
      anchorNanos = System.nanoTime();
    }
    return waitUntil(
        anchorNanos + (long) ((eventTime - anchorEventTime) * 1_000_000d / speed), stopped);
  }

  /**
   * Waits until {@link System#nanoTime()} reaches {@code dueNanos}, looking at {@code stopped} at
   * least every 100 ms; the one waiting rule of the replay's pacing ({@link EventRate} too).
   *
   * @return false when {@code stopped} became true while waiting
   */
  static boolean waitUntil(long dueNanos, BooleanSupplier stopped) {
    while (!stopped.getAsBoolean()) {
      long wait = dueNanos - System.nanoTime();
      if (wait <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
    }
    return false;
  }
}
