package io.osprey.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
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
    Learner learner = Learner.fresh(SHAPE, FEATURES, THRESHOLD);
    TrainingBatch batch = separableBatch(new Random(1), 64);
    double[] untrained = learner.snapshot().scoreAll(batch.features());

    ConfusionMatrix first = learner.evaluateThenFit(batch);

    // The first batch is judged by the untrained network, not by what it learned from the batch.
    assertThat(first).isEqualTo(ConfusionMatrix.of(untrained, batch.labels(), THRESHOLD));
    assertThat(learner.snapshot().scoreAll(batch.features())).isNotEqualTo(untrained);
  }

  @Test
  void prequentialFiguresImproveAsItLearns() {
    Learner learner = Learner.fresh(SHAPE, FEATURES, THRESHOLD);
    Random random = new Random(2);
    ConfusionMatrix last = null;
    for (int step = 0; step < 60; step++) {
      last = learner.evaluateThenFit(separableBatch(random, 64));
    }
    assertThat(last.f1()).isGreaterThan(0.9);
  }

  @Test
  void resumesFromAnEnvelopeWithItsWeightsAndNormaliser() {
    Learner learner = Learner.fresh(SHAPE, FEATURES, THRESHOLD);
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
                Map.of(),
                THRESHOLD,
                "dev"),
            0);
    TrainingBatch probe = separableBatch(random, 16);

    Learner resumed = Learner.resume(envelope, THRESHOLD);

    assertThat(resumed.snapshot().scoreAll(probe.features()))
        .containsExactly(learner.snapshot().scoreAll(probe.features()));
    assertThat(resumed.evaluateThenFit(probe)).isEqualTo(learner.evaluateThenFit(probe));
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
