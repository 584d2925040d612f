package io.osprey.scoring;

import io.osprey.schema.Reason;
import io.osprey.schema.features.FeatureLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The transparent rule that scores while no usable model exists (before the first envelope, or for
 * vectors of a spec the model was not trained on). Two signals over {@link FeatureLayout#PAYMENTS}:
 *
 * <ul>
 *   <li><b>burst</b>: {@code count_1h >= burstCount} (card testing: many small payments quickly);
 *   <li><b>far from home</b>: {@code country_changed} and {@code amount_to_mean_1h >= amountRatio}
 *       (a stolen card used abroad for a large amount).
 * </ul>
 *
 * Each signal adds 0.5 to the score: one signal is REVIEW, both are DECLINE, none APPROVE. The rule
 * fails open: a vector it cannot read (another spec) is APPROVED with score 0, because blocking
 * every payment while the model is missing is worse than missing some fraud; the fallback counter
 * by reason makes that visible.
 *
 * @param burstCount events in the hour that make a burst
 * @param amountRatio amount relative to the card's hourly mean that, with a country change, flags
 */
public record FallbackRule(int burstCount, double amountRatio) {
  public static final String NAME = "fallback-rule";
  public static final double SIGNAL_WEIGHT = 0.5;

  /** One signal reviews, two decline. */
  public static final DecisionBands BANDS = new DecisionBands(SIGNAL_WEIGHT, 2 * SIGNAL_WEIGHT);

  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;
  private static final int COUNT_1H = LAYOUT.names().indexOf("count_1h");
  private static final int AMOUNT_TO_MEAN = LAYOUT.names().indexOf("amount_to_mean_1h");
  private static final int COUNTRY_CHANGED = LAYOUT.names().indexOf("country_changed");
  private static final String SPEC_HASH = LAYOUT.specHash();

  public static final FallbackRule DEFAULT = new FallbackRule(10, 5.0);

  /** The rule's verdict: a score in {0, 0.5, 1}, its decision and the signals that fired. */
  public record Verdict(double score, String decision, List<Reason> reasons) {}

  public Verdict evaluate(String specHash, List<Double> values) {
    if (!SPEC_HASH.equals(specHash) || values.size() != LAYOUT.size()) {
      return new Verdict(0.0, DecisionBands.APPROVE, List.of());
    }
    List<Reason> reasons = new ArrayList<>(2);
    if (values.get(COUNT_1H) >= burstCount) {
      reasons.add(new Reason("count_1h", SIGNAL_WEIGHT));
    }
    if (values.get(COUNTRY_CHANGED) >= 0.5 && values.get(AMOUNT_TO_MEAN) >= amountRatio) {
      reasons.add(new Reason("amount_to_mean_1h", SIGNAL_WEIGHT));
    }
    double score = SIGNAL_WEIGHT * reasons.size();
    return new Verdict(score, BANDS.decide(score), List.copyOf(reasons));
  }
}
