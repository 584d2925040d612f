package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnlineLogisticRegressionTest {
  private static final int FEATURES = 3;
  private static final double RATE = TrainerSettings.BASELINE_LEARNING_RATE.defaultValue();

  @Test
  void scoresEachBatchBeforeLearningFromIt() {
    OnlineLogisticRegression model =
        new OnlineLogisticRegression(FEATURES, 0.1, 0, ImbalancePolicy.NONE, 1);
    TrainingBatch batch = LearnerTest.separableBatch(new Random(1), 64);

    double[] first = model.evaluateThenFit(batch);

    assertThat(first).containsOnly(0.5); // untrained: zero weights
    assertThat(model.evaluateThenFit(batch)).isNotEqualTo(first);
  }

  @Test
  void learnsALinearlySeparableProblemOnline() {
    OnlineLogisticRegression model =
        new OnlineLogisticRegression(FEATURES, 0.1, 0, ImbalancePolicy.NONE, 1);
    Random random = new Random(2);
    ConfusionMatrix last = null;
    for (int step = 0; step < 50; step++) {
      TrainingBatch batch = LearnerTest.separableBatch(random, 64);
      last = ConfusionMatrix.of(model.evaluateThenFit(batch), batch.labels(), 0.5);
    }
    assertThat(last.f1()).isGreaterThan(0.95);
  }

  @Test
  void downSampledAndWeightedTrainingStillYieldsCalibratedProbabilities() {
    double fraudRate = 0.1;
    for (ImbalancePolicy policy :
        List.of(ImbalancePolicy.NONE, new ImbalancePolicy(1, 0.25), new ImbalancePolicy(4, 1))) {
      OnlineLogisticRegression model = new OnlineLogisticRegression(FEATURES, RATE, 0, policy, 4);
      Random random = new Random(4);
      for (int step = 0; step < 400; step++) {
        model.evaluateThenFit(LearnerTest.overlappingBatch(random, 64, fraudRate));
      }
      TrainingBatch probe = LearnerTest.overlappingBatch(new Random(5), 4000, fraudRate);
      double mean = Arrays.stream(probe.features()).mapToDouble(model::score).average().orElse(0);
      double actual = Arrays.stream(probe.labels()).average().orElse(0);
      assertThat(mean).as("mean score with %s", policy).isCloseTo(actual, offset(0.03));
    }
  }
}
