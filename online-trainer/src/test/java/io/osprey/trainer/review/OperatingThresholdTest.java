package io.osprey.trainer.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.PlattCalibration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The envelope's threshold is on the calibrated scale the scorer compares it with. */
class OperatingThresholdTest {
  private static final PlattCalibration CALIBRATION = new PlattCalibration(0.6, -1.2);

  @Test
  void aChosenThresholdFlagsTheSameExamplesOnBothScales() {
    Random random = new Random(1);
    double[] raw = new double[5_000];
    double[] labels = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      labels[i] = random.nextDouble() < 0.05 ? 1 : 0;
      raw[i] = PlattCalibration.sigmoid(random.nextGaussian() + (labels[i] == 1 ? 3 : -2));
    }
    ThresholdPolicy budget =
        new ThresholdPolicy(ThresholdPolicy.Target.ALERT_BUDGET, 0.5, 0.5, 0.02, 1, 1);

    OperatingThreshold chosen =
        OperatingThreshold.uncalibrated(0.5).next(budget, raw, labels, Optional.of(CALIBRATION));

    double[] served = Arrays.stream(raw).map(CALIBRATION::apply).toArray();
    long flaggedRaw = Arrays.stream(raw).filter(s -> s >= chosen.raw()).count();
    long flaggedServed = Arrays.stream(served).filter(s -> s >= chosen.served()).count();
    assertThat(flaggedRaw).isEqualTo(100); // 2% of 5,000
    assertThat(flaggedServed).isEqualTo(flaggedRaw);
    assertThat(chosen.served()).isNotCloseTo(chosen.raw(), offset(0.01)); // the scales differ
  }

  @Test
  void aFixedThresholdIsAProbabilityMappedBackForTheRawScores() {
    ThresholdPolicy fixed = ThresholdPolicy.fixed(0.3);

    OperatingThreshold threshold =
        OperatingThreshold.uncalibrated(0.5)
            .next(fixed, new double[0], new double[0], Optional.of(CALIBRATION));

    assertThat(threshold.served()).isEqualTo(0.3);
    assertThat(CALIBRATION.apply(threshold.raw())).isCloseTo(0.3, offset(1e-12));
  }

  @Test
  void keepsTheRawThresholdWhenThePolicyHasNothingToGoOn() {
    ThresholdPolicy precision =
        new ThresholdPolicy(ThresholdPolicy.Target.MIN_PRECISION, 0.5, 0.9, 0.005, 1, 1);
    OperatingThreshold current = new OperatingThreshold(0.7, 0.6);

    OperatingThreshold next =
        current.next(
            precision, new double[] {0.2, 0.8}, new double[] {0, 0}, Optional.of(CALIBRATION));

    assertThat(next.raw()).isEqualTo(0.6);
    assertThat(next.served()).isEqualTo(CALIBRATION.apply(0.6)); // under the new calibration
  }
}
