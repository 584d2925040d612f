package io.osprey.scoring;

import io.osprey.schema.Reason;
import io.osprey.schema.features.FeatureLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The transparent rule that scores while no usable model exists (before the first envelope, for
 * vectors of a spec the model was not trained on, or when the model cannot score a vector). Two
 * signals over {@link FeatureLayout#PAYMENTS}:
 *
 * <ul>
 *   <li><b>burst</b>: {@code count_1h >= burstCount} (card testing: many small payments quickly);
 *   <li><b>far from home</b>: {@code country_changed} and {@code amount_to_mean_1h >= amountRatio}
 *       (a stolen card used abroad for a large amount).
 * </ul>
 *
 * Each signal adds 0.5 to the score. Its predictions follow the documented bands like a model's:
 * the decision is {@code DecisionBands.belowThreshold(threshold, reviewBand)} of the score, with
 * the threshold the rule writes on the prediction, {@link #threshold(double)}: {@code 0.5 +
 * reviewBand} (at most 1). So with any review band above 0, no signal is APPROVE, one is REVIEW and
 * two DECLINE; with a review band of 0 there is no REVIEW, and one signal alone is APPROVE
 * (threshold 1). A value that is not a number fires no signal.
 *
 * <p>This is the fallback of the built-in payment spec; a spec may declare its own ({@link
 * SpecFallback}). The rule fails open: a vector it cannot read (another spec) is APPROVED with
 * score 0, because blocking every payment while the model is missing is worse than missing some
 * fraud; the fallback counter by reason makes that visible.
 *
 * @param burstCount events in the hour that make a burst
 * @param amountRatio amount relative to the card's hourly mean that, with a country change, flags
 */
public record FallbackRule(int burstCount, double amountRatio) implements Fallback {
  public static final String NAME = "fallback-rule";
  public static final double SIGNAL_WEIGHT = 0.5;

  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;
  private static final int COUNT_1H = LAYOUT.names().indexOf("count_1h");
  private static final int AMOUNT_TO_MEAN = LAYOUT.names().indexOf("amount_to_mean_1h");
  private static final int COUNTRY_CHANGED = LAYOUT.names().indexOf("country_changed");
  private static final String SPEC_HASH = LAYOUT.specHash();

  public static final FallbackRule DEFAULT = new FallbackRule(10, 5.0);

  /**
   * The rule's verdict: a score in {0, 0.5, 1}, the threshold it was decided at, its decision and
   * the signals that fired.
   */
  public record Verdict(double score, String decision, double threshold, List<Reason> reasons) {}

  /**
   * The threshold that puts one signal in the review band and two at or above the threshold: {@code
   * 0.5 + reviewBand}, at most 1; 1 when there is no review band.
   */
  public static double threshold(double reviewBand) {
    if (reviewBand <= 0) {
      return 2 * SIGNAL_WEIGHT;
    }
    return Math.min(2 * SIGNAL_WEIGHT, SIGNAL_WEIGHT + reviewBand);
  }

  /** The verdict on one vector, decided with a review band of {@code reviewBand}. */
  @Override
  public Verdict evaluate(String specHash, List<Double> values, double reviewBand) {
    double threshold = threshold(reviewBand);
    DecisionBands bands = DecisionBands.belowThreshold(threshold, reviewBand);
    if (!SPEC_HASH.equals(specHash) || values.size() != LAYOUT.size()) {
      return new Verdict(0.0, DecisionBands.APPROVE, threshold, List.of());
    }
    List<Reason> reasons = new ArrayList<>(2);
    if (values.get(COUNT_1H) >= burstCount) { // false for NaN
      reasons.add(new Reason("count_1h", SIGNAL_WEIGHT));
    }
    if (values.get(COUNTRY_CHANGED) >= 0.5 && values.get(AMOUNT_TO_MEAN) >= amountRatio) {
      reasons.add(new Reason("amount_to_mean_1h", SIGNAL_WEIGHT));
    }
    double score = SIGNAL_WEIGHT * reasons.size();
    return new Verdict(score, bands.decide(score), threshold, List.copyOf(reasons));
  }
}
