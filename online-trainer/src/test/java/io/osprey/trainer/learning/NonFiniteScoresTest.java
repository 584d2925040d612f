package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.model.evaluation.Scores;
import io.osprey.model.testing.NonFiniteScores;
import io.osprey.trainer.review.PlattFitter;
import io.osprey.trainer.review.ThresholdPolicy;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The trainer's own uses of scores that are not probabilities (NaN, ±∞, out of range, ties among
 * them) terminate and read them as {@link Scores} says: the threshold policy, the Platt fitter and
 * the prequential evaluator give what they give for the same examples with the scores replaced by
 * their reading. The metrics themselves are held to it in the model module.
 */
class NonFiniteScoresTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  private static final double[] SCORES = NonFiniteScores.scores();
  private static final double[] LABELS = NonFiniteScores.labels();
  private static final double[] READ = NonFiniteScores.read();

  @Test
  void everyThresholdPolicyTerminatesWithAProbability() {
    for (ThresholdPolicy.Target target : ThresholdPolicy.Target.values()) {
      ThresholdPolicy policy = new ThresholdPolicy(target, 0.5, 0.5, 0.3, 5, 1);

      OptionalDouble chosen =
          assertTimeoutPreemptively(PROMPTLY, () -> policy.choose(SCORES, LABELS));

      assertThat(chosen).as("%s", target).isEqualTo(policy.choose(READ, LABELS));
      chosen.ifPresent(t -> assertThat(t).as("%s", target).isBetween(0.0, Math.nextUp(1.0)));
    }
  }

  @Test
  void plattFitterTerminatesWithAFiniteCalibrationOrNone() {
    var fitted = assertTimeoutPreemptively(PROMPTLY, () -> PlattFitter.fit(SCORES, LABELS));

    assertThat(fitted).isEqualTo(PlattFitter.fit(READ, LABELS));
    fitted.ifPresent(
        c -> {
          assertThat(c.slope()).isFinite().isPositive();
          assertThat(c.intercept()).isFinite();
        });
  }

  @Test
  void prequentialEvaluatorKeepsItsWindowAsProbabilities() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(4, 0.3);

    EvaluationSnapshot snapshot =
        assertTimeoutPreemptively(
            PROMPTLY, () -> evaluator.record(SCORES, LABELS, 0.5, 1_000L, 2_000L));

    assertThat(evaluator.windowScores()).containsExactly(READ);
    assertThat(snapshot.recentRanking()).isEqualTo(RankingMetrics.of(READ, LABELS, 0.3));
    assertThat(snapshot.sinceStartRanking().logLoss()).isFinite();
    assertThat(snapshot.sinceStartRanking().prAuc()).isFinite();
  }
}
