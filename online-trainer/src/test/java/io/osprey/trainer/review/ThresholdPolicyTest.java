package io.osprey.trainer.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.trainer.review.ThresholdPolicy.Target;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {
  // Ranked: 0.9 F, 0.8 F, 0.7 N, 0.6 F, 0.5 N, 0.4 N, 0.3 F, 0.2 N, 0.1 N, 0.05 N.
  private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
  private static final double[] LABELS = {1, 1, 0, 1, 0, 0, 1, 0, 0, 0};

  private static ThresholdPolicy policy(Target target) {
    return new ThresholdPolicy(target, 0.42, 0.75, 0.2, 10, 1);
  }

  @Test
  void fixedIsTheConfiguredThreshold() {
    assertThat(policy(Target.FIXED).choose(SCORES, LABELS)).hasValue(0.42);
  }

  @Test
  void minPrecisionTakesTheLowestThresholdThatStillMeetsIt() {
    // Precision going down: 1, 1, 2/3, 3/4, 3/5, ... -> 0.6 is the lowest at 0.75.
    assertThat(policy(Target.MIN_PRECISION).choose(SCORES, LABELS)).hasValue(0.6);
    ThresholdPolicy unreachable = new ThresholdPolicy(Target.MIN_PRECISION, 0.5, 1.0, 0.2, 1, 1);
    assertThat(unreachable.choose(SCORES, LABELS)).hasValue(0.8);
    ThresholdPolicy noFraud = policy(Target.MIN_PRECISION);
    assertThat(noFraud.choose(new double[] {0.3, 0.2}, new double[] {0, 0})).isEmpty();
  }

  @Test
  void alertBudgetFlagsTheTopFraction() {
    // 20% of 10: the top 2.
    assertThat(policy(Target.ALERT_BUDGET).choose(SCORES, LABELS)).hasValue(0.8);
  }

  @Test
  void minCostWeighsMissedFraudAgainstFalseAlarms() {
    // Missed fraud 10, false alarm 1: flag down to 0.3 (all 4 frauds, 3 false alarms): cost 3.
    assertThat(policy(Target.MIN_COST).choose(SCORES, LABELS)).hasValue(0.3);
    // Missed fraud 1, false alarm 10: best is 0.8 (2 missed, no false alarm): cost 2.
    ThresholdPolicy alarmsAreDear = new ThresholdPolicy(Target.MIN_COST, 0.5, 0.5, 0.2, 1, 10);
    assertThat(alarmsAreDear.choose(SCORES, LABELS)).hasValue(0.8);
    // Frauds cost nothing: flag nothing, i.e. a threshold above every score.
    ThresholdPolicy free = new ThresholdPolicy(Target.MIN_COST, 0.5, 0.5, 0.2, 0, 1);
    assertThat(free.choose(SCORES, LABELS).getAsDouble()).isGreaterThan(0.9);
  }
}
