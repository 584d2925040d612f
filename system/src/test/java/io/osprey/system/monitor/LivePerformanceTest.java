package io.osprey.system.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LivePerformanceTest {
  @Test
  void matchesPredictionsWithLabelsInEitherOrder() {
    LivePerformance performance = new LivePerformance();
    performance.onPrediction("a", true); // true positive, label later
    performance.onMaturedLabel("a", true);
    performance.onMaturedLabel("b", false); // false positive, label first
    performance.onPrediction("b", true);
    performance.onPrediction("c", false); // false negative
    performance.onMaturedLabel("c", true);
    performance.onPrediction("d", false); // true negative
    performance.onMaturedLabel("d", false);
    performance.onPrediction("e", true); // not matured yet: not counted

    assertThat(performance.matured()).isEqualTo(4);
    assertThat(performance.precision()).isEqualTo(0.5);
    assertThat(performance.recall()).isEqualTo(0.5);
  }

  @Test
  void isUndefinedBeforeAnythingMatures() {
    LivePerformance performance = new LivePerformance();
    performance.onPrediction("a", true);

    assertThat(performance.precision()).isNaN();
    assertThat(performance.recall()).isNaN();
  }
}
