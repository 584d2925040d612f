package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadDriverTest {
  @Test
  void backlogSlopeComesFromTheSecondHalfOfAStep() {
    List<double[]> samples =
        List.of(
            new double[] {1, 500},
            new double[] {2, 0}, // warm-up spike, ignored
            new double[] {3, 10},
            new double[] {4, 30},
            new double[] {5, 50});

    assertThat(LoadDriver.slopeOfSecondHalf(samples)).isCloseTo(20.0, offset(1e-9));
    assertThat(LoadDriver.slopeOfSecondHalf(List.of(new double[] {1, 5}))).isZero();
  }

  @Test
  void aStepIsSustainedOnlyWhenItKeepsUpWithinTheBudget() {
    Histogram fast = new Histogram(60_000_000L, 3);
    fast.recordValue(10_000); // 10 ms
    Histogram slow = new Histogram(60_000_000L, 3);
    slow.recordValue(80_000); // 80 ms

    assertThat(new StepResult("s", 100, 100, 100, 0, fast).sustained(50)).isTrue();
    assertThat(new StepResult("s", 100, 100, 100, 0, slow).sustained(50)).isFalse();
    assertThat(new StepResult("s", 1000, 1000, 600, 400, fast).sustained(50)).isFalse();
  }
}
