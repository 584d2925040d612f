package io.osprey.sources.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The simulator's event-time clock. It starts {@link #HEAD_START} before the wall clock and moves
 * one fixed step per event ({@code 1000 · speed / rate} ms: 100 ms at 200 events/s and 20 times the
 * wall clock), never past the wall clock.
 *
 * <p>Per event, not per wall-clock millisecond: the simulated world in event time is then the same
 * whatever the machine's load. When it followed the wall clock, a simulator starved of CPU sent
 * fewer events per second of event time, so each card's payments came further apart in event time
 * and the per-card features (seconds since the previous payment, counts and sums over the hour)
 * shifted with the load: drift the drift monitor rightly reported, in a stream that had not
 * changed. The same steps are what {@link SimulatedPaymentsFile} writes.
 *
 * <p>Everything stamped in simulated time shares one instance, so that nothing sent beside the
 * simulator (the demo's readiness warm-up payment) lands hours ahead of the simulated stream: a
 * payment stamped with the wall clock there became the newest training example by about 12 hours of
 * event time, and a drift retrain's window "before the newest example" found nearly nothing.
 *
 * <p>Once it has caught up with the wall clock (after about 38 minutes at the defaults: 12 h / 19)
 * every event is stamped with the wall clock, so event time runs at the wall clock's pace from then
 * on, 20 times slower than before: the simulated cards then pay 20 times as often per hour of event
 * time, a real change in the stream.
 */
public final class SimulatedClock {
  /** How far before the wall clock simulated event time starts. */
  public static final Duration HEAD_START = Duration.ofHours(12);

  private final LongSupplier wall;
  private final double stepMillis;
  private final long startEventTime;
  private final AtomicLong events = new AtomicLong();

  /**
   * A clock that starts {@code headStart} before now (by {@code wall}).
   *
   * @param eventsPerSecond the simulator's rate
   * @param speed how much faster than the wall clock event time runs at that rate (at least 1)
   */
  public SimulatedClock(
      double eventsPerSecond, double speed, Duration headStart, LongSupplier wall) {
    if (!(speed >= 1) || !(eventsPerSecond > 0) || headStart.isNegative()) {
      throw new IllegalArgumentException("need speed >= 1, a rate > 0 and a head start >= 0");
    }
    this.wall = wall;
    this.stepMillis = 1000.0 * speed / eventsPerSecond;
    this.startEventTime = wall.getAsLong() - headStart.toMillis();
  }

  /** The simulator's clock as {@code config} sets its rate and speed, starting now. */
  public static SimulatedClock startingNow(SimulatorConfig config) {
    return new SimulatedClock(
        config.eventsPerSecond(), config.eventTimeSpeed(), HEAD_START, System::currentTimeMillis);
  }

  /** The event time of the next event (epoch ms), without taking it: for the warm-up. */
  public long now() {
    return at(events.get());
  }

  /** The event time of the next event, which is taken: the one after it is a step later. */
  public long next() {
    return at(events.getAndIncrement());
  }

  /** The wall clock this clock follows (epoch ms); labels are due on it. */
  public long wallClock() {
    return wall.getAsLong();
  }

  private long at(long event) {
    return Math.min(startEventTime + Math.round(event * stepMillis), wall.getAsLong());
  }
}
