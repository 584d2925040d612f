package io.osprey.sources.replay;

import java.util.function.BooleanSupplier;

/**
 * Holds events back to at most a number per second of wall time, counted from the first, beside the
 * {@link Pacer}'s event-time speed: whichever holds an event longer wins. A replay that falls
 * behind sends at once until it is back on schedule (no burst is saved up beyond that). Labels are
 * not counted: they go when their event time is due, as live.
 *
 * <p>Why a rate as well as a speed: datasets differ by orders of magnitude in events per second of
 * event time (flights: one every few seconds; payments: ten a second), so "as fast as the system
 * keeps up" is a rate, not a speed.
 */
final class EventRate {
  private final double perSecond;
  private long started;
  private long sent;

  /**
   * @param perSecond events per wall second at most; {@link Double#POSITIVE_INFINITY} for no limit
   */
  EventRate(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + perSecond);
    }
    this.perSecond = perSecond;
  }

  /**
   * Waits until the next event may go, and counts it.
   *
   * @return false when {@code stopped} became true while waiting
   */
  boolean awaitTurn(BooleanSupplier stopped) {
    if (Double.isInfinite(perSecond)) {
      return !stopped.getAsBoolean();
    }
    if (sent == 0) {
      started = System.nanoTime();
    }
    if (!Pacer.waitUntil(started + (long) (sent * 1e9 / perSecond), stopped)) {
      return false;
    }
    sent++;
    return true;
  }
}
