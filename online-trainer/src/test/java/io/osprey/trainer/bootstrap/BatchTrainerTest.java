package io.osprey.trainer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.CalibratedModel;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.ThresholdPolicy;
import io.osprey.trainer.testing.SyntheticPayments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batch half of hybrid training, with real DL4J training. */
class BatchTrainerTest {
  private static final MlpShape SHAPE = new MlpShape(List.of(16, 8), 0.01, 1e-4, 5);
  private static final double BUDGET = 0.05;

  @Test
  void keepsTheBestEpochByValidationPrAucAndStopsWhenItNoLongerImproves() {
    // Overlapping classes and a hasty learner: validation PR-AUC rises, then wanders.
    List<LabelledExample> examples = overlapping(new Random(7), 6_000, 0.1);
    BatchTrainer trainer =
        new BatchTrainer(
            new MlpShape(List.of(16, 8), 0.05, 0, 5),
            3,
            ImbalancePolicy.NONE,
            ThresholdPolicy.fixed(0.5),
            new Calibrator(true, 50),
            BUDGET,
            new BootstrapOptions(0.25, 40, 3, 16));

    BatchTrainer.Result result = trainer.train(examples);

    List<Double> history = result.validationPrAuc();
    double best = Collections.max(history);
    assertThat(result.bestEpoch()).isEqualTo(history.indexOf(best) + 1);
    assertThat(history.size() - result.bestEpoch()).isEqualTo(3); // patience ran out...
    assertThat(history).hasSizeLessThan(40); // ...before the epoch limit
    assertThat(best).isGreaterThan(history.get(0)).isGreaterThan(0.4);
    // The published network is the best epoch's, not the last one's.
    TrainingBatch validation = LabelledExample.batch(result.split().validation());
    double[] scores = result.model().scoreAll(validation.features());
    assertThat(RankingMetrics.of(scores, validation.labels(), 1).prAuc())
        .isCloseTo(best, offset(1e-9));
    assertThat(result.metrics())
        .containsEntry(BatchTrainer.BEST_EPOCH, (double) result.bestEpoch())
        .containsEntry(BatchTrainer.EPOCHS, (double) history.size())
        .containsEntry(BatchTrainer.VALIDATION_EXAMPLES, (double) validation.size())
        .containsKeys("pr_auc", "f1", "log_loss", "log_loss_uncalibrated", "roc_auc");
    assertThat(result.metrics().get("pr_auc")).isCloseTo(best, offset(1e-9));
    assertThat(result.calibration())
        .hasValueSatisfying(c -> assertThat(c.method()).isEqualTo("platt-validation"));
  }

  @Test
  void splitsByTimeSoValidationIsTheLatestEvents() {
    List<LabelledExample> examples = new SyntheticPayments(8, 0.05).labelled(2_000);
    BatchTrainer.Result result =
        trainer(ThresholdPolicy.fixed(0.5), new BootstrapOptions(0.2, 2, 1, 64)).train(examples);

    long lastTraining =
        result.split().training().get(result.split().training().size() - 1).eventTime();
    assertThat(result.split().validation())
        .allSatisfy(e -> assertThat(e.eventTime()).isGreaterThan(lastTraining));
    assertThat(result.split().validation())
        .containsExactlyElementsOf(examples.subList(1_600, 2_000));
  }

  @Test
  void theThresholdIsOnTheScaleOfTheCalibratedScoresTheScorerComputes() {
    List<LabelledExample> examples = new SyntheticPayments(9, 0.1).labelled(3_000);
    ThresholdPolicy budget =
        new ThresholdPolicy(ThresholdPolicy.Target.ALERT_BUDGET, 0.5, 0.5, BUDGET, 1, 1);

    BatchTrainer.Result result =
        trainer(budget, new BootstrapOptions(0.3, 5, 2, 64)).train(examples);

    ScoringModel served =
        new CalibratedModel(
            result.model().compile(), result.calibration().orElseThrow().calibration());
    TrainingBatch validation = LabelledExample.batch(result.split().validation());
    long flagged = 0;
    for (double[] row : validation.features()) {
      flagged += served.score(row) >= result.threshold().served() ? 1 : 0;
    }
    long expected = (long) Math.ceil(BUDGET * validation.size());
    assertThat(flagged).isBetween(expected - 1, expected + 1);
  }

  @Test
  void refusesAValidationWindowWithoutFraud() {
    List<LabelledExample> examples = new ArrayList<>(new SyntheticPayments(10, 0.0).labelled(500));
    examples.set(
        0,
        new LabelledExample("fraud", examples.get(0).eventTime(), examples.get(0).values(), true));
    assertThatThrownBy(
            () -> trainer(ThresholdPolicy.fixed(0.5), BootstrapOptions.DEFAULT).train(examples))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no fraud");
  }

  /**
   * Frauds at {@code rate}, one standard deviation away on each of three features; a minute apart.
   */
  private static List<LabelledExample> overlapping(Random random, int size, double rate) {
    List<LabelledExample> examples = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      boolean fraud = random.nextDouble() < rate;
      double[] values = new double[3];
      for (int f = 0; f < 3; f++) {
        values[f] = (fraud ? 1 : 0) + random.nextGaussian();
      }
      examples.add(new LabelledExample("e-" + i, 60_000L * i, values, fraud));
    }
    return examples;
  }

  private static BatchTrainer trainer(ThresholdPolicy policy, BootstrapOptions options) {
    return new BatchTrainer(
        SHAPE,
        FeatureLayout.PAYMENTS.size(),
        ImbalancePolicy.NONE,
        policy,
        new Calibrator(true, 50),
        BUDGET,
        options);
  }
}
