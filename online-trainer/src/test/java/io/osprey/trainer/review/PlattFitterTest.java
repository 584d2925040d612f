package io.osprey.trainer.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.PlattCalibration;
import io.osprey.model.evaluation.RankingMetrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlattFitterTest {
  private static final int EXAMPLES = 20_000;

  /**
   * Scores with a known miscalibration: the true log-odds are {@code 0.5 logit(s) - 0.5}, i.e. the
   * model is twice as sure as it should be and leans to fraud. Calibrated on one sample, scores of
   * a fresh sample must be closer to the truth than before.
   */
  @Test
  void calibrationFittedOnOneSampleImprovesAFreshOne() {
    Sample fitting = Sample.overconfident(new Random(1), EXAMPLES);
    Sample fresh = Sample.overconfident(new Random(2), EXAMPLES);

    PlattCalibration calibration = PlattFitter.fit(fitting.scores, fitting.labels).orElseThrow();

    assertThat(calibration.slope()).isCloseTo(0.5, offset(0.05));
    assertThat(calibration.intercept()).isCloseTo(-0.5, offset(0.1));
    double[] calibrated = fresh.scores.clone();
    for (int i = 0; i < calibrated.length; i++) {
      calibrated[i] = calibration.apply(calibrated[i]);
    }
    double eceBefore = CalibrationError.expected(fresh.scores, fresh.labels, 10);
    double eceAfter = CalibrationError.expected(calibrated, fresh.labels, 10);
    assertThat(eceBefore).isGreaterThan(0.05);
    assertThat(eceAfter).isLessThan(eceBefore / 3);
    double lossBefore = RankingMetrics.of(fresh.scores, fresh.labels, 1).logLoss();
    double lossAfter = RankingMetrics.of(calibrated, fresh.labels, 1).logLoss();
    assertThat(lossAfter).isLessThan(lossBefore - 0.01);
  }

  @Test
  void leavesWellCalibratedScoresAlmostAsTheyAre() {
    Random random = new Random(3);
    double[] scores = new double[EXAMPLES];
    double[] labels = new double[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++) {
      scores[i] = random.nextDouble();
      labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
    }
    PlattCalibration calibration = PlattFitter.fit(scores, labels).orElseThrow();
    assertThat(calibration.slope()).isCloseTo(1, offset(0.05));
    assertThat(calibration.intercept()).isCloseTo(0, offset(0.05));
  }

  @Test
  void fitsNothingWithoutBothClassesOrForABackwardRanking() {
    assertThat(PlattFitter.fit(new double[] {0.1, 0.9}, new double[] {0, 0})).isEmpty();
    Random random = new Random(4);
    double[] scores = new double[2_000];
    double[] labels = new double[2_000];
    for (int i = 0; i < scores.length; i++) {
      labels[i] = i % 2;
      scores[i] = labels[i] == 1 ? 0.2 * random.nextDouble() : 0.8 + 0.2 * random.nextDouble();
    }
    assertThat(PlattFitter.fit(scores, labels)).isEmpty();
  }

  /** Examples whose scores are sharper than the truth. */
  private record Sample(double[] scores, double[] labels) {
    static Sample overconfident(Random random, int size) {
      double[] scores = new double[size];
      double[] labels = new double[size];
      for (int i = 0; i < size; i++) {
        double trueLogit = random.nextGaussian() * 1.5 - 1;
        scores[i] = PlattCalibration.sigmoid(2 * trueLogit + 1);
        labels[i] = random.nextDouble() < PlattCalibration.sigmoid(trueLogit) ? 1 : 0;
      }
      return new Sample(scores, labels);
    }
  }
}
