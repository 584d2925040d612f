package io.osprey.model.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two-sided Page-Hinkley test at the drift monitor's defaults (δ 0.01, λ 50, 500 labels). */
class PageHinkleyTest {
  private static final double DELTA = 0.01;
  private static final double LAMBDA = 50;
  private static final int MIN = 500;

  /** Observations until an alarm at error rate {@code rate}, at most {@code limit} (then -1). */
  private static int untilAlarm(PageHinkley test, Random random, double rate, int limit) {
    for (int i = 1; i <= limit; i++) {
      if (test.add(random.nextDouble() < rate ? 1 : 0)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void isQuietOnASteadyErrorRate() {
    for (long seed = 1; seed <= 5; seed++) {
      PageHinkley test = new PageHinkley(DELTA, LAMBDA, MIN);
      assertThat(untilAlarm(test, new Random(seed), 0.05, 200_000))
          .as("seed %d", seed)
          .isEqualTo(-1);
    }
  }

  @Test
  void alarmsOnARiseOfTheErrorRate() {
    Random random = new Random(3);
    PageHinkley test = new PageHinkley(DELTA, LAMBDA, MIN);
    assertThat(untilAlarm(test, random, 0.03, 20_000)).isEqualTo(-1);

    int delay = untilAlarm(test, random, 0.23, 10_000);

    // a rise of 0.20 with tolerance 0.01 needs about 50 / 0.19 = 263 observations, more while the
    // running mean follows the new level
    assertThat(delay).isBetween(150, 900);
    assertThat(test.lastDirection()).isEqualTo(PageHinkley.Direction.RISE);
    assertThat(test.lastAlarm()).isGreaterThan(LAMBDA);
  }

  @Test
  void alarmsOnAFallToo() {
    Random random = new Random(5);
    PageHinkley test = new PageHinkley(DELTA, LAMBDA, MIN);
    assertThat(untilAlarm(test, random, 0.30, 20_000)).isEqualTo(-1);

    int delay = untilAlarm(test, random, 0.05, 10_000);

    assertThat(delay).isBetween(150, 900);
    assertThat(test.lastDirection()).isEqualTo(PageHinkley.Direction.FALL);
  }

  @Test
  void restartsAfterAnAlarmAndLearnsTheNewLevel() {
    Random random = new Random(7);
    PageHinkley test = new PageHinkley(DELTA, LAMBDA, MIN);
    untilAlarm(test, random, 0.03, 20_000);
    assertThat(untilAlarm(test, random, 0.23, 10_000)).isPositive();

    // restarted: nothing accumulated, the mean forgotten
    assertThat(test.observations()).isZero();
    assertThat(test.statistic()).isZero();
    assertThat(test.alarms()).isEqualTo(1);
    // the new level is steady: no second alarm on it, and the mean is the new level's
    assertThat(untilAlarm(test, random, 0.23, 100_000)).isEqualTo(-1);
    assertThat(test.mean()).isBetween(0.20, 0.26);
    // a further change is found again
    assertThat(untilAlarm(test, random, 0.50, 10_000)).isPositive();
    assertThat(test.alarms()).isEqualTo(2);
  }

  @Test
  void noAlarmBeforeTheMinimumNumberOfObservationsAfterARestart() {
    PageHinkley test = new PageHinkley(DELTA, 5, 100);
    for (int i = 0; i < 99; i++) {
      assertThat(test.add(i < 50 ? 0 : 1)).isFalse(); // a change, but too early
    }
    assertThat(test.add(1)).isTrue();
    for (int i = 0; i < 99; i++) {
      assertThat(test.add(i < 50 ? 1 : 0)).as("observation %d after the restart", i).isFalse();
    }
  }
}
