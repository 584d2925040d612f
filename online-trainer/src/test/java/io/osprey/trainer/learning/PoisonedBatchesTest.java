package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch holding NaN, infinite or huge values scores and trains without poisoning the learner:
 * afterwards it still scores ordinary examples with finite probabilities, and goes on learning.
 */
class PoisonedBatchesTest {
  private static final int FEATURES = 3;
  private static final MlpShape SHAPE = new MlpShape(List.of(8), 0.05, 0.0, 7);

  private static final double[][] POISON = {
    {Double.NaN, 1, 1}, {1, Double.POSITIVE_INFINITY, 1}, {1e302, -1e302, 1}, {1, 1, 1}
  };

  @Test
  void logisticRegressionSurvivesAPoisonedBatch() {
    OnlineLogisticRegression model =
        new OnlineLogisticRegression(FEATURES, 0.1, 0, ImbalancePolicy.NONE, 1);
    model.evaluateThenFit(ordinary(new Random(1), 64));

    model.evaluateThenFit(poisoned());

    assertFiniteScores(model.evaluateThenFit(ordinary(new Random(2), 64)));
    assertThat(model.score(new double[] {0.5, -0.5, 0.2})).isFinite();
  }

  @Test
  void networkSurvivesAPoisonedBatch() {
    Learner learner = Learner.fresh(SHAPE, FEATURES, ImbalancePolicy.NONE);
    learner.evaluateThenFit(ordinary(new Random(1), 64));

    learner.evaluateThenFit(poisoned());

    assertFiniteScores(learner.evaluateThenFit(ordinary(new Random(2), 64)));
    assertFiniteScores(learner.snapshot().scoreAll(ordinary(new Random(3), 16).features()));
  }

  @Test
  void poisonedRowsAloneTrainNothing() {
    Learner learner = Learner.fresh(SHAPE, FEATURES, ImbalancePolicy.NONE);
    TrainingBatch probe = ordinary(new Random(4), 8);
    double[] before = learner.snapshot().scoreAll(probe.features());
    double[][] nan = {{Double.NaN, 0, 0}, {0, Double.NEGATIVE_INFINITY, 0}};

    learner.evaluateThenFit(new TrainingBatch(nan, new double[] {1, 0}, 0, 0, java.util.Map.of()));

    assertThat(learner.snapshot().scoreAll(probe.features())).containsExactly(before);
  }

  private static TrainingBatch poisoned() {
    return new TrainingBatch(POISON, new double[] {1, 0, 1, 0}, 0, 0, java.util.Map.of());
  }

  /** A learnable batch: fraud when the first feature is positive. */
  private static TrainingBatch ordinary(Random random, int size) {
    double[][] features = new double[size][FEATURES];
    double[] labels = new double[size];
    for (int i = 0; i < size; i++) {
      for (int f = 0; f < FEATURES; f++) {
        features[i][f] = random.nextGaussian();
      }
      labels[i] = features[i][0] > 0 ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 0, java.util.Map.of());
  }

  private static void assertFiniteScores(double[] scores) {
    assertThat(Arrays.stream(scores).boxed().toList())
        .as(Arrays.toString(scores))
        .allMatch(s -> s >= 0 && s <= 1);
  }
}
