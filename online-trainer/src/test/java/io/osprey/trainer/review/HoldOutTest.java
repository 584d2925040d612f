package io.osprey.trainer.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldOutTest {
  @Test
  void holdsOutAStableShareChosenByEventId() {
    HoldOut holdOut = new HoldOut(0.1, 10);
    long held = IntStream.range(0, 20_000).filter(i -> holdOut.isHeldOut("evt-" + i)).count();

    assertThat(held / 20_000.0).isCloseTo(0.1, offset(0.01));
    // The same id always gets the same answer, in any instance.
    HoldOut other = new HoldOut(0.1, 5);
    assertThat(IntStream.range(0, 1000))
        .allSatisfy(
            i -> assertThat(other.isHeldOut("evt-" + i)).isEqualTo(holdOut.isHeldOut("evt-" + i)));
    assertThat(new HoldOut(0, 10).isHeldOut("evt-1")).isFalse();
  }

  @Test
  void keepsTheMostRecentExamples() {
    HoldOut holdOut = new HoldOut(0.1, 3);
    for (int i = 0; i < 5; i++) {
      holdOut.add(new double[] {i}, i % 2 == 0);
    }
    assertThat(holdOut.size()).isEqualTo(3);
    assertThat(holdOut.features()).isEqualTo(new double[][] {{2}, {3}, {4}});
    assertThat(holdOut.labels()).containsExactly(1, 0, 1);
    assertThat(holdOut.positives()).isEqualTo(2);
  }

  private static final long HOUR = java.time.Duration.ofHours(1).toMillis();

  @Test
  void slidesInEventTimeRefillsAndKeepsItsFloor() {
    HoldOut holdOut = new HoldOut(0.1, 1_000, java.time.Duration.ofHours(2), 3);
    // Hour 0 to 9, one negative example per hour, and a positive now and then (kept: rare ones).
    for (int hour = 0; hour < 10; hour++) {
      holdOut.advanceTo(hour * HOUR);
      holdOut.add(new double[] {hour}, false);
    }
    // Only hours 7, 8 and 9 are within two hours of the newest (9).
    assertThat(holdOut.features()).isEqualTo(new double[][] {{7}, {8}, {9}});
    assertThat(holdOut.oldestEventTime()).hasValue(7 * HOUR);

    // Time moves on with no new examples: the floor keeps the latest three rather than none.
    holdOut.advanceTo(100 * HOUR);
    assertThat(holdOut.size()).isEqualTo(3);

    // New examples refill it, and the old ones leave once there are enough.
    for (int i = 0; i < 5; i++) {
      holdOut.add(new double[] {100 + i}, i == 0);
    }
    assertThat(holdOut.features()).isEqualTo(new double[][] {{100}, {101}, {102}, {103}, {104}});
    assertThat(holdOut.positives()).isEqualTo(1);
  }

  @Test
  void keepsTheLastFewPositivesHoweverOld() {
    HoldOut holdOut = new HoldOut(0.1, 1_000, java.time.Duration.ofHours(1), 0);
    holdOut.advanceTo(0);
    for (int i = 0; i < HoldOut.MIN_POSITIVES; i++) {
      holdOut.add(new double[] {i}, true);
    }
    holdOut.advanceTo(50 * HOUR);
    for (int i = 0; i < 20; i++) {
      holdOut.add(new double[] {-i}, false);
    }
    assertThat(holdOut.positives()).isEqualTo(HoldOut.MIN_POSITIVES);
    assertThat(holdOut.size()).isEqualTo(HoldOut.MIN_POSITIVES + 20);

    // Newer positives let the old ones go.
    for (int i = 0; i < HoldOut.MIN_POSITIVES; i++) {
      holdOut.add(new double[] {1_000 + i}, true);
    }
    assertThat(holdOut.positives()).isEqualTo(HoldOut.MIN_POSITIVES);
    assertThat(holdOut.size()).isEqualTo(HoldOut.MIN_POSITIVES + 20);
    assertThat(holdOut.oldestEventTime()).hasValue(50 * HOUR);
  }
}
