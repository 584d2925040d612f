package io.osprey.sources.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
  private static final long WALL = 1_790_000_000_000L;
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @Test
  void startsTheHeadStartBeforeTheWallClockAndRunsSpeedTimesFaster() {
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(20, Duration.ofHours(12), wall::get);

    assertThat(clock.now()).isEqualTo(WALL - 12 * HOUR);
    wall.addAndGet(60_000); // a minute of wall clock is 20 minutes of event time
    assertThat(clock.now()).isEqualTo(WALL - 12 * HOUR + 20 * 60_000);
    assertThat(clock.wallClock()).isEqualTo(WALL + 60_000);
  }

  @Test
  void neverPassesTheWallClock() {
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(20, Duration.ofHours(12), wall::get);

    wall.addAndGet(2 * HOUR); // caught up after 12 h / 19 = 37.9 minutes
    assertThat(clock.now()).isEqualTo(wall.get());
    assertThat(clock.eventTimeAt(WALL + 37 * 60_000)).isLessThan(WALL + 37 * 60_000);
  }

  @Test
  void twoSendersOnOneClockStampTheSameTimeLine() {
    // the demo's warm-up payment and the simulator's first payment: the warm-up must not land
    // hours ahead of the stream it precedes
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(20, SimulatedClock.HEAD_START, wall::get);
    long warmup = clock.now();
    wall.addAndGet(30_000); // the probe waits for its prediction, then the simulator starts
    long firstPayment = clock.eventTimeAt(clock.wallClock());

    assertThat(firstPayment - warmup).isEqualTo(20 * 30_000);
    assertThat(warmup).isLessThan(WALL - 11 * HOUR);
  }

  @Test
  void refusesASlowerClock() {
    assertThatThrownBy(() -> new SimulatedClock(0.5, Duration.ZERO, () -> WALL))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
