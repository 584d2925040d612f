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
  void startsTheHeadStartBeforeTheWallClockAndStepsOncePerEvent() {
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(200, 20, Duration.ofHours(12), wall::get);

    assertThat(clock.now()).isEqualTo(WALL - 12 * HOUR);
    assertThat(clock.next()).isEqualTo(WALL - 12 * HOUR);
    // 200 events/s at 20 times the wall clock: 100 ms of event time per event
    assertThat(clock.next()).isEqualTo(WALL - 12 * HOUR + 100);
    assertThat(clock.now()).isEqualTo(WALL - 12 * HOUR + 200);
    assertThat(clock.wallClock()).isEqualTo(WALL);
  }

  @Test
  void aStarvedSimulatorMakesTheSameStreamInEventTime() {
    // the wall clock runs on while no event is sent (the machine is loaded): event time does not,
    // so each card's payments stay as far apart in event time as at full speed
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(200, 20, Duration.ofHours(12), wall::get);
    long first = clock.next();
    wall.addAndGet(5_000);
    long second = clock.next();

    assertThat(second - first).isEqualTo(100);
  }

  @Test
  void neverPassesTheWallClock() {
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(200, 20, Duration.ofMinutes(1), wall::get);
    long last = 0;
    for (int i = 0; i < 1_000; i++) { // 100 s of event time: past the head start of a minute
      last = clock.next();
    }
    assertThat(last).isEqualTo(WALL);
  }

  @Test
  void theWarmupAndTheSimulatorShareOneTimeLine() {
    // the demo's warm-up payment and the simulator's first payment: the warm-up must not land
    // hours ahead of the stream it precedes
    AtomicLong wall = new AtomicLong(WALL);
    SimulatedClock clock = new SimulatedClock(200, 20, SimulatedClock.HEAD_START, wall::get);
    long warmup = clock.now();
    wall.addAndGet(30_000); // the probe waits for its prediction, then the simulator starts
    long firstPayment = clock.next();

    assertThat(firstPayment).isEqualTo(warmup).isLessThan(WALL - 11 * HOUR);
  }

  @Test
  void refusesASlowerClock() {
    assertThatThrownBy(() -> new SimulatedClock(200, 0.5, Duration.ZERO, () -> WALL))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
