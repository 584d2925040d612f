package io.osprey.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.RunningStats;
import io.osprey.model.ScoringModel;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Dl4jMlpTest {
  private static final int FEATURES = 3;

  @Test
  void learnsASeparableProblem() {
    Dl4jMlp model = Dl4jMlp.create(MlpShape.DEFAULT, FEATURES);
    Random random = new Random(7);
    RunningStats stats = new RunningStats(FEATURES);
    for (int step = 0; step < 300; step++) {
      double[][] x = new double[32][];
      double[] y = new double[32];
      for (int i = 0; i < 32; i++) {
        x[i] = sample(random, i % 2 == 0);
        y[i] = i % 2 == 0 ? 1 : 0;
        stats.add(x[i]);
      }
      model.setNormalizer(stats.toNormalizer());
      model.fit(x, y);
    }

    double fraud = model.score(new double[] {500, 12, 1});
    double normal = model.score(new double[] {20, 1, 0});

    assertThat(fraud).isGreaterThan(0.9);
    assertThat(normal).isLessThan(0.1);
    assertThat(model.scoreAll(new double[][] {{500, 12, 1}, {20, 1, 0}}))
        .containsExactly(new double[] {fraud, normal}, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void shiftingTheOutputLogitCorrectsScoresInDl4jAndCompiledAlike() {
    Dl4jMlp model = Dl4jMlp.create(MlpShape.DEFAULT, FEATURES);
    double[] row = {120, 3, 1};
    double before = model.score(row);
    double delta = Math.log(0.1); // negatives kept at 10%: odds shrink tenfold

    model.shiftOutputLogit(delta);

    double expected = 0.1 * before / (0.1 * before + 1 - before);
    assertThat(model.score(row)).isCloseTo(expected, offset(1e-6));
    assertThat(model.compile().score(row)).isCloseTo(expected, offset(1e-6));
    model.shiftOutputLogit(-delta);
    assertThat(model.score(row)).isCloseTo(before, offset(1e-6));
  }

  @Test
  void envelopeRoundTripScoresIdentically() {
    Dl4jMlp model = Dl4jMlp.create(MlpShape.DEFAULT, FEATURES);
    ModelEnvelope envelope = seal(model);

    ScoringModel opened = ModelEnvelopes.open(envelope);

    double[] row = {120, 3, 1};
    assertThat(opened.score(row)).isEqualTo(model.score(row));
    assertThat(opened.describe()).contains("3-32-16-1");
  }

  @Test
  void refusesATamperedOrBrokenEnvelope() {
    ModelEnvelope envelope = seal(Dl4jMlp.create(MlpShape.DEFAULT, FEATURES));

    ModelEnvelope tampered = ModelEnvelope.newBuilder(envelope).setChecksum("00ff").build();
    assertThatThrownBy(() -> ModelEnvelopes.open(tampered))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("checksum mismatch");

    ModelEnvelope nanNormaliser =
        ModelEnvelope.newBuilder(envelope).setFeatureStd(List.of(1.0, Double.NaN, 1.0)).build();
    assertThatThrownBy(() -> ModelEnvelopes.open(nanNormaliser))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("normaliser of feature 1");

    ModelEnvelope badThreshold = ModelEnvelope.newBuilder(envelope).setThreshold(1.5).build();
    assertThatThrownBy(() -> ModelEnvelopes.open(badThreshold))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("threshold");

    byte[] garbage = {1, 2, 3};
    ModelEnvelope broken =
        ModelEnvelope.newBuilder(envelope)
            .setPayload(ByteBuffer.wrap(garbage))
            .setChecksum(ModelEnvelopes.sha256(garbage))
            .build();
    assertThatThrownBy(() -> ModelEnvelopes.open(broken))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not a loadable DL4J network");
  }

  private static ModelEnvelope seal(Dl4jMlp model) {
    return ModelEnvelopes.seal(
        model,
        new ModelEnvelopes.Publication(
            "fraud",
            1,
            null,
            ModelEnvelopes.CHAMPION,
            "abc",
            List.of("amount", "count", "ecom"),
            new TrainingWindow(0L, 1L, 10L, null),
            Map.of("f1", 0.5),
            0.5,
            "test"),
        1L,
        TestSigning.SIGNER);
  }

  private static double[] sample(Random random, boolean fraud) {
    return fraud
        ? new double[] {400 + random.nextGaussian() * 50, 10 + random.nextInt(5), 1}
        : new double[] {30 + random.nextGaussian() * 10, random.nextInt(3), random.nextInt(2)};
  }
}
