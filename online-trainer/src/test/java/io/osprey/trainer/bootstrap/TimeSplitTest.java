package io.osprey.trainer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.trainer.intake.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  @Test
  void validatesOnTheLastFractionOfEventTimeNeverOnEarlierExamples() {
    // Busy start, quiet end: 80 examples in the first half of the hour, 20 in the second.
    List<LabelledExample> ordered = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      ordered.add(example(i, i * 22_500L)); // 0 .. 29.6 min
    }
    for (int i = 0; i < 20; i++) {
      ordered.add(example(80 + i, 1_800_000L + i * 94_700L)); // 30 .. 60 min
    }

    TimeSplit split = TimeSplit.lastFraction(ordered, 0.25);

    // The cut is in time (45 minutes in), not at 25% of the examples.
    assertThat(split.validationFrom()).isEqualTo(2_699_475L);
    assertThat(split.validation()).hasSize(10);
    long lastTraining = split.training().get(split.training().size() - 1).eventTime();
    assertThat(split.validation())
        .allSatisfy(e -> assertThat(e.eventTime()).isGreaterThan(lastTraining));
    assertThat(split.training().size() + split.validation().size()).isEqualTo(100);
  }

  @Test
  void refusesASplitWithAnEmptyPartOrUnorderedExamples() {
    List<LabelledExample> sameTime = List.of(example(0, 5), example(1, 5), example(2, 5));
    assertThatThrownBy(() -> TimeSplit.lastFraction(sameTime, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one part is empty");
    List<LabelledExample> unordered = List.of(example(0, 5), example(1, 1), example(2, 9));
    assertThatThrownBy(() -> TimeSplit.lastFraction(unordered, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event-time order");
  }

  private static LabelledExample example(int id, long eventTime) {
    return new LabelledExample("e-" + id, eventTime, new double[] {id}, id % 10 == 0);
  }
}
