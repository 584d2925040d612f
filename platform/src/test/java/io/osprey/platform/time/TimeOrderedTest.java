package io.osprey.platform.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class TimeOrderedTest {
  private static final ToLongFunction<Long> SELF = Long::longValue;
  private static final List<Long> TIMES = List.of(10L, 20L, 20L, 20L, 30L);

  @Test
  void firstAfterSkipsEveryTieOfTheTime() {
    assertThat(TimeOrdered.firstAfter(TIMES, SELF, 5)).isZero();
    assertThat(TimeOrdered.firstAfter(TIMES, SELF, 10)).isEqualTo(1);
    assertThat(TimeOrdered.firstAfter(TIMES, SELF, 20)).isEqualTo(4);
    assertThat(TimeOrdered.firstAfter(TIMES, SELF, 25)).isEqualTo(4);
    assertThat(TimeOrdered.firstAfter(TIMES, SELF, 30)).isEqualTo(5);
    assertThat(TimeOrdered.firstAfter(List.of(), SELF, 0)).isZero();
  }

  @Test
  void firstAtOrAfterStopsAtTheFirstTieOfTheTime() {
    assertThat(TimeOrdered.firstAtOrAfter(TIMES, SELF, 20)).isEqualTo(1);
    assertThat(TimeOrdered.firstAtOrAfter(TIMES, SELF, 21)).isEqualTo(4);
    assertThat(TimeOrdered.firstAtOrAfter(TIMES, SELF, Long.MIN_VALUE)).isZero();
    assertThat(TimeOrdered.firstAtOrAfter(TIMES, SELF, 31)).isEqualTo(5);
  }
}
