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
}
