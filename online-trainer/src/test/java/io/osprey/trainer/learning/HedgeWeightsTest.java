package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HedgeWeightsTest {
  @Test
  void startsEvenAndLeansOnTheMemberThatPredictsBetter() {
    HedgeWeights hedge = new HedgeWeights(2, 0.1, 1);
    assertThat(hedge.weights()).containsExactly(0.5, 0.5);

    double[] labels = {1, 0, 1, 0};
    // Member 0 is right with confidence, member 1 knows nothing (log-odds 0).
    hedge.record(new double[][] {{3, -3, 3, -3}, {0, 0, 0, 0}}, labels);

    double[] w = hedge.weights();
    assertThat(Arrays.stream(w).sum()).isCloseTo(1, offset(1e-12));
    assertThat(w[0]).isGreaterThan(w[1]);
    // exp(-0.1 * loss) with the losses of 4 examples each: 4 ln(1 + e^-3) against 4 ln 2.
    double l0 = 4 * Math.log1p(Math.exp(-3));
    double l1 = 4 * Math.log(2);
    assertThat(w[0] / w[1]).isCloseTo(Math.exp(0.1 * (l1 - l0)), offset(1e-9));
  }

  @Test
  void oldLossesFadeSoAMemberThatAdaptsTakesOver() {
    HedgeWeights hedge = new HedgeWeights(2, 1, 0.9);
    double[] labels = new double[20];
    for (int round = 0; round < 5; round++) {
      hedge.record(new double[][] {new double[20], filled(20, -4)}, labels); // member 1 better
    }
    assertThat(hedge.weights()[1]).isGreaterThan(0.99);
    for (int round = 0; round < 5; round++) {
      hedge.record(new double[][] {filled(20, -4), new double[20]}, labels); // member 0 better
    }
    assertThat(hedge.weights()[0]).isGreaterThan(0.99);
  }

  @Test
  void oneConfidentMissCostsAtMostTheCap() {
    assertThat(HedgeWeights.logLoss(1e6, false)).isEqualTo(HedgeWeights.MAX_LOSS);
    assertThat(HedgeWeights.logLoss(Double.NaN, true)).isEqualTo(HedgeWeights.MAX_LOSS);
    assertThat(HedgeWeights.logLoss(-2, false)).isCloseTo(Math.log1p(Math.exp(-2)), offset(1e-12));
    assertThat(HedgeWeights.logLoss(-2, true))
        .isCloseTo(2 + Math.log1p(Math.exp(-2)), offset(1e-12));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new HedgeWeights(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HedgeWeights(2, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HedgeWeights(2, 1, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double[] filled(int n, double value) {
    double[] values = new double[n];
    Arrays.fill(values, value);
    return values;
  }
}
