package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LearnerTest {
  private static final int FEATURES = 3;
  private static final double THRESHOLD = 0.5;
  private static final MlpShape SHAPE = new MlpShape(List.of(8), 0.05, 0.0, 7);

  @Test
  void evaluatesEachBatchWithTheModelAsItWasBeforeTrainingOnIt() {
    Learner learner = Learner.fresh(SHAPE, FEATURES, ImbalancePolicy.NONE);
    TrainingBatch batch = separableBatch(new Random(1), 64);
    double[] untrained = learner.snapshot().scoreAll(batch.features());

    double[] first = learner.evaluateThenFit(batch);

    // The first batch is judged by the untrained network, not by what it learned from the batch.
    assertThat(first).containsExactly(untrained);
    assertThat(learner.snapshot().scoreAll(batch.features())).isNotEqualTo(untrained);
  }

  @Test
  void prequentialFiguresImproveAsItLearns() {
    Learner learner = Learner.fresh(SHAPE, FEATURES, ImbalancePolicy.NONE);
    Random random = new Random(2);
    ConfusionMatrix last = null;
    for (int step = 0; step < 60; step++) {
      TrainingBatch batch = separableBatch(random, 64);
      last = ConfusionMatrix.of(learner.evaluateThenFit(batch), batch.labels(), THRESHOLD);
    }
    assertThat(last.f1()).isGreaterThan(0.9);
  }

  @Test
  void downSampledAndWeightedTrainingStillYieldsCalibratedProbabilities() {
    double fraudRate = 0.1;
    for (ImbalancePolicy policy :
        List.of(ImbalancePolicy.NONE, new ImbalancePolicy(1, 0.25), new ImbalancePolicy(4, 1))) {
      Learner learner = Learner.fresh(SHAPE, FEATURES, policy);
      Random random = new Random(4);
      for (int step = 0; step < 150; step++) {
        learner.evaluateThenFit(overlappingBatch(random, 64, fraudRate));
      }
      TrainingBatch probe = overlappingBatch(new Random(5), 4000, fraudRate);
      double mean =
          Arrays.stream(learner.snapshot().scoreAll(probe.features())).average().orElse(0);
      double actual = Arrays.stream(probe.labels()).average().orElse(0);
      assertThat(mean).as("mean score with %s", policy).isCloseTo(actual, offset(0.03));
    }
  }

  @Test
  void resumesFromAnEnvelopeWithItsWeightsNormaliserAndScoreCorrection() {
    ImbalancePolicy imbalance = new ImbalancePolicy(2, 0.5);
    Learner learner = Learner.fresh(SHAPE, FEATURES, imbalance);
    Random random = new Random(3);
    for (int step = 0; step < 5; step++) {
      learner.evaluateThenFit(separableBatch(random, 32));
    }
    ModelEnvelope envelope =
        ModelEnvelopes.seal(
            learner.snapshot(),
            new ModelEnvelopes.Publication(
                "test",
                1,
                null,
                ModelEnvelopes.CHAMPION,
                "spec",
                List.of("a", "b", "c"),
                new TrainingWindow(0L, 1L, 160L, null),
                Map.of(ImbalancePolicy.CORRECTION_METRIC, learner.logitCorrection()),
                THRESHOLD,
                "dev"),
            0,
            TestSigning.SIGNER);
    TrainingBatch probe = separableBatch(random, 16);

    Learner resumed = Learner.resume(envelope, imbalance, 7);

    // The envelope carries corrected weights; resuming takes the correction out exactly once.
    assertThat(resumed.snapshot().scoreAll(probe.features()))
        .containsExactly(learner.snapshot().scoreAll(probe.features()), offset(1e-6));
    assertThat(resumed.evaluateThenFit(probe))
        .containsExactly(learner.evaluateThenFit(probe), offset(1e-6));
  }

  /** Frauds at {@code rate}, one standard deviation away from normal on every feature. */
  static TrainingBatch overlappingBatch(Random random, int size, double rate) {
    double[][] features = new double[size][];
    double[] labels = new double[size];
    for (int i = 0; i < size; i++) {
      boolean fraud = random.nextDouble() < rate;
      features[i] = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        features[i][f] = (fraud ? 1 : 0) + random.nextGaussian();
      }
      labels[i] = fraud ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 1, Map.of(0, (long) size));
  }

  /** Half frauds, far from the normal examples on every feature. */
  static TrainingBatch separableBatch(Random random, int size) {
    double[][] features = new double[size][];
    double[] labels = new double[size];
    for (int i = 0; i < size; i++) {
      boolean fraud = i % 2 == 0;
      double centre = fraud ? 5 : -5;
      features[i] = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        features[i][f] = centre + random.nextGaussian();
      }
      labels[i] = fraud ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 1, Map.of(0, (long) size));
  }
}
