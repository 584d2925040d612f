package io.osprey.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void countsDecisionsAtTheThresholdInclusive() {
    double[] scores = {0.9, 0.5, 0.49, 0.1, 0.7, 0.2, 0.6, 0.0};
    double[] labels = {1, 1, 1, 0, 0, 0, 1, 0};

    ConfusionMatrix matrix = ConfusionMatrix.of(scores, labels, 0.5);

    // 0.9, 0.5 and 0.6 are caught frauds; 0.49 is missed; 0.7 is a false alarm.
    assertThat(matrix).isEqualTo(new ConfusionMatrix(3, 1, 3, 1));
    assertThat(matrix.total()).isEqualTo(8);
    assertThat(matrix.precision()).isEqualTo(0.75);
    assertThat(matrix.recall()).isEqualTo(0.75);
    assertThat(matrix.f1()).isEqualTo(0.75);
  }

  @Test
  void f1IsTheHarmonicMeanOfPrecisionAndRecall() {
    ConfusionMatrix matrix = new ConfusionMatrix(2, 2, 10, 6);

    assertThat(matrix.precision()).isEqualTo(0.5);
    assertThat(matrix.recall()).isEqualTo(0.25);
    assertThat(matrix.f1()).isEqualTo(4.0 / 12.0); // 2*0.5*0.25/0.75 = 1/3
  }

  @Test
  void accuracyIsTheShareOfRightDecisions() {
    // 3 caught + 3 rightly passed of 8 (the matrix of the first test).
    assertThat(new ConfusionMatrix(3, 1, 3, 1).accuracy()).isEqualTo(0.75);
    assertThat(new ConfusionMatrix(0, 0, 95, 5).accuracy()).isEqualTo(0.95);
    assertThat(ConfusionMatrix.EMPTY.accuracy()).isNaN();
  }

  @Test
  void undefinedRatiosAreZero() {
    ConfusionMatrix neverFlags = new ConfusionMatrix(0, 0, 95, 5);
    assertThat(neverFlags.precision()).isZero();
    assertThat(neverFlags.recall()).isZero();
    assertThat(neverFlags.f1()).isZero();
    assertThat(ConfusionMatrix.EMPTY.f1()).isZero();
  }

  @Test
  void addsAndSubtracts() {
    ConfusionMatrix a = new ConfusionMatrix(1, 2, 3, 4);
    ConfusionMatrix b = new ConfusionMatrix(10, 20, 30, 40);

    assertThat(a.plus(b)).isEqualTo(new ConfusionMatrix(11, 22, 33, 44));
    assertThat(a.plus(b).minus(a)).isEqualTo(b);
  }

  @Test
  void refusesMismatchedInputs() {
    assertThatThrownBy(() -> ConfusionMatrix.of(new double[2], new double[3], 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
