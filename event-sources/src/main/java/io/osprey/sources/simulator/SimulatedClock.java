package io.osprey.sources.simulator;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The simulator's event-time clock: it starts {@link #HEAD_START} before the wall clock and runs
 * {@code speed} times faster, never passing the wall clock (once it has caught up it runs at the
 * wall clock's pace). Everything stamped in simulated time shares one instance, so that nothing
 * sent beside the simulator (the demo's readiness warm-up payment) lands hours ahead of the
 * simulated stream: a payment stamped with the wall clock there became the newest training example
 * by about 12 hours of event time, and whatever is measured "before the newest example" (a drift
 * retrain's recent window) found nearly nothing.
 */
public final class SimulatedClock {
  /** How far before the wall clock simulated event time starts. */
  public static final Duration HEAD_START = Duration.ofHours(12);

  private final LongSupplier wall;
  private final double speed;
  private final long startWall;
  private final long startEventTime;

  /**
   * A clock that starts now (by {@code wall}) at {@code headStart} before it.
   *
   * @param speed how much faster than {@code wall} event time runs (at least 1)
   */
  public SimulatedClock(double speed, Duration headStart, LongSupplier wall) {
    if (!(speed >= 1) || headStart.isNegative()) {
      throw new IllegalArgumentException("need speed >= 1 and a head start >= 0");
    }
    this.wall = wall;
    this.speed = speed;
    this.startWall = wall.getAsLong();
    this.startEventTime = startWall - headStart.toMillis();
  }

  /** The simulator's clock as {@code config} sets its speed, starting now. */
  public static SimulatedClock startingNow(SimulatorConfig config) {
    return new SimulatedClock(config.eventTimeSpeed(), HEAD_START, System::currentTimeMillis);
  }

  /** Simulated event time now (epoch ms). */
  public long now() {
    return eventTimeAt(wall.getAsLong());
  }

  /** Simulated event time at wall-clock time {@code wallMillis}. */
  public long eventTimeAt(long wallMillis) {
    long simulated = startEventTime + (long) ((wallMillis - startWall) * speed);
    return Math.min(simulated, wallMillis);
  }

  /** The wall clock this clock follows (epoch ms); labels are due on it. */
  public long wallClock() {
    return wall.getAsLong();
  }
}
