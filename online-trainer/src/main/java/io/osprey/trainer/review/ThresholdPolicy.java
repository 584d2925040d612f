package io.osprey.trainer.review;

import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.model.evaluation.Scores;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How the operating threshold written into each envelope is chosen, from the scores and labels of
 * the recent prequential window (a score at or above the threshold is a fraud decision).
 *
 * <ul>
 *   <li>{@code FIXED}: the configured threshold, always.
 *   <li>{@code MIN_PRECISION}: the lowest threshold (so the highest recall) whose precision is at
 *       least {@code minPrecision}.
 *   <li>{@code ALERT_BUDGET}: the score of the {@code ceil(alertBudget * n)}-th highest example, so
 *       about that fraction of traffic is flagged (more when that score is tied).
 *   <li>{@code MIN_COST}: the threshold minimising {@code costMissedFraud * FN + costFalseAlarm *
 *       FP} over the window; flagging nothing is one of the candidates. Ties go to the higher
 *       threshold (fewer alerts). With calibrated scores this approaches the Bayes threshold {@code
 *       costFalseAlarm / (costFalseAlarm + costMissedFraud)}.
 * </ul>
 *
 * When no threshold meets the target (too few examples, no frauds, precision out of reach) {@link
 * #choose} is empty and the trainer keeps the threshold it had.
 */
public record ThresholdPolicy(
    Target target,
    double fixedThreshold,
    double minPrecision,
    double alertBudget,
    double costMissedFraud,
    double costFalseAlarm) {

  public enum Target {
    FIXED,
    MIN_PRECISION,
    ALERT_BUDGET,
    MIN_COST
  }

  public ThresholdPolicy {
    Objects.requireNonNull(target, "target");
  }

  public static ThresholdPolicy fixed(double threshold) {
    return new ThresholdPolicy(Target.FIXED, threshold, 0.5, 0.005, 1, 1);
  }

  /**
   * The threshold that meets the target on {@code scores} against {@code labels} (1 is fraud);
   * scores that are not probabilities read as {@link Scores} says, so the threshold always is one.
   */
  public OptionalDouble choose(double[] scores, double[] labels) {
    if (target == Target.FIXED) {
      return OptionalDouble.of(fixedThreshold);
    }
    List<RankingMetrics.Group> groups = RankingMetrics.groups(scores, labels);
    if (groups.isEmpty()) {
      return OptionalDouble.empty();
    }
    return switch (target) {
      case MIN_PRECISION -> minPrecision(groups);
      case ALERT_BUDGET -> alertBudget(groups, scores.length);
      case MIN_COST -> minCost(groups);
      case FIXED -> OptionalDouble.of(fixedThreshold);
    };
  }

  private OptionalDouble minPrecision(List<RankingMetrics.Group> groups) {
    long tp = 0;
    long alerts = 0;
    OptionalDouble best = OptionalDouble.empty();
    for (RankingMetrics.Group group : groups) {
      tp += group.positives();
      alerts += group.count();
      // Lower thresholds only add alerts; keep the lowest that still meets the target.
      if (tp > 0 && (double) tp / alerts >= minPrecision - 1e-12) {
        best = OptionalDouble.of(group.score());
      }
    }
    return best;
  }

  private OptionalDouble alertBudget(List<RankingMetrics.Group> groups, int n) {
    long alerts = Math.max(1, (long) Math.ceil(alertBudget * n - 1e-9));
    long seen = 0;
    for (RankingMetrics.Group group : groups) {
      seen += group.count();
      if (seen >= alerts) {
        return OptionalDouble.of(group.score());
      }
    }
    return OptionalDouble.of(groups.get(groups.size() - 1).score());
  }

  private OptionalDouble minCost(List<RankingMetrics.Group> groups) {
    long positives = groups.stream().mapToLong(RankingMetrics.Group::positives).sum();
    // Flag nothing: every fraud is missed. A threshold just above the top score says so.
    double bestThreshold = Math.nextUp(groups.get(0).score());
    double bestCost = costMissedFraud * positives;
    long tp = 0;
    long fp = 0;
    for (RankingMetrics.Group group : groups) {
      tp += group.positives();
      fp += group.negatives();
      double cost = costMissedFraud * (positives - tp) + costFalseAlarm * fp;
      if (cost < bestCost - 1e-12) {
        bestCost = cost;
        bestThreshold = group.score();
      }
    }
    return OptionalDouble.of(bestThreshold);
  }
}
