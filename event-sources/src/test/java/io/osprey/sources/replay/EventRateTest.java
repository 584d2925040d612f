package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventRateTest {
  @Test
  void noEventGoesBeforeItsTurn() {
    EventRate rate = new EventRate(500);
    long start = System.nanoTime();
    for (int i = 0; i < 51; i++) {
      assertThat(rate.awaitTurn(() -> false)).isTrue();
    }
    // the 51st event is due 50 / 500 s = 100 ms after the first: a lower bound, whatever the load
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(100_000_000L);
  }

  @Test
  void withoutALimitNothingWaits() {
    EventRate rate = new EventRate(Double.POSITIVE_INFINITY);
    long start = System.nanoTime();
    for (int i = 0; i < 100_000; i++) {
      rate.awaitTurn(() -> false);
    }
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void aStopEndsTheWait() {
    EventRate rate = new EventRate(0.001); // the second event would wait 1,000 s
    assertThat(rate.awaitTurn(() -> false)).isTrue();
    assertThat(rate.awaitTurn(() -> true)).isFalse();
  }

  @Test
  void aRateMustBePositive() {
    assertThatThrownBy(() -> new EventRate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EventRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
