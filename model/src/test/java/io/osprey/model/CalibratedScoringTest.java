package io.osprey.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.Calibration;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scorer's path, {@link ModelEnvelopes#openForScoring}, applies the envelope's calibration. */
class CalibratedScoringTest {
  private static final int FEATURES = 3;
  private static final PlattCalibration SHARPER = new PlattCalibration(2.0, -1.0);

  @Test
  void openForScoringAppliesTheEnvelopesCalibrationToEveryScore() {
    Dl4jMlp network = Dl4jMlp.create(MlpShape.DEFAULT, FEATURES);
    ModelEnvelope plain = seal(network, null);
    ModelEnvelope calibrated = seal(network, SHARPER.toAvro("platt-holdout", 500));

    ScoringModel raw = ModelEnvelopes.openForScoring(plain);
    ScoringModel served = ModelEnvelopes.openForScoring(calibrated);

    assertThat(raw).isNotInstanceOf(CalibratedModel.class);
    assertThat(served).isInstanceOf(CalibratedModel.class);
    double[][] rows = rows(new Random(3), 20);
    double[] rawScores = raw.scoreAll(rows);
    double[] servedScores = served.scoreAll(rows);
    for (int i = 0; i < rows.length; i++) {
      double expected =
          1 / (1 + Math.exp(-(2.0 * Math.log(rawScores[i] / (1 - rawScores[i])) - 1.0)));
      assertThat(servedScores[i]).isCloseTo(expected, offset(1e-9));
      assertThat(served.score(rows[i])).isCloseTo(expected, offset(1e-9));
    }
    // A trainer resumes the raw network: open() leaves calibration out.
    assertThat(ModelEnvelopes.open(calibrated).score(rows[0]))
        .isCloseTo(rawScores[0], offset(1e-6));
    assertThat(served.payload()).isEqualTo(raw.payload());
    assertThat(served.describe()).contains("Platt-calibrated");
  }

  @Test
  void aThresholdMappedThroughTheCalibrationDecidesExactlyLikeTheRawOne() {
    Random random = new Random(5);
    double rawThreshold = 0.3;
    double servedThreshold = SHARPER.apply(rawThreshold);
    for (int i = 0; i < 10_000; i++) {
      double score = random.nextDouble();
      assertThat(SHARPER.apply(score) >= servedThreshold).isEqualTo(score >= rawThreshold);
    }
    assertThat(SHARPER.invert(servedThreshold)).isCloseTo(rawThreshold, offset(1e-12));
    assertThat(SHARPER.apply(0)).isZero();
    assertThat(SHARPER.apply(1)).isEqualTo(1);
    assertThat(SHARPER.invert(1)).isEqualTo(1);
  }

  @Test
  void refusesACalibrationThatIsNotAnIncreasingMap() {
    Dl4jMlp network = Dl4jMlp.create(MlpShape.DEFAULT, FEATURES);
    for (Calibration bad :
        List.of(
            new Calibration("platt-holdout", -1.0, 0.0, 10L),
            new Calibration("platt-holdout", 0.0, 0.0, 10L),
            new Calibration("platt-holdout", 1.0, Double.NaN, 10L))) {
      ModelEnvelope envelope = seal(network, bad);
      assertThatThrownBy(() -> ModelEnvelopes.openForScoring(envelope))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("calibration");
      assertThatThrownBy(() -> ModelEnvelopes.open(envelope))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("calibration");
    }
  }

  private static ModelEnvelope seal(Dl4jMlp network, Calibration calibration) {
    return ModelEnvelopes.seal(
        network,
        new ModelEnvelopes.Publication(
            "fraud",
            1,
            null,
            ModelEnvelopes.CHAMPION,
            "abc",
            List.of("amount", "count", "ecom"),
            new TrainingWindow(0L, 1L, 10L, null),
            Map.of(),
            0.5,
            "test",
            calibration),
        1L,
        TestSigning.SIGNER);
  }

  private static double[][] rows(Random random, int count) {
    double[][] rows = new double[count][];
    for (int i = 0; i < count; i++) {
      rows[i] =
          new double[] {random.nextGaussian() * 3, random.nextGaussian() * 3, random.nextInt(2)};
    }
    return rows;
  }
}
