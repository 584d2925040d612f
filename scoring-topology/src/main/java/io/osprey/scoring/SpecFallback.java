package io.osprey.scoring;

import io.osprey.schema.Reason;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.OutcomeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback a spec declares ({@code outcome:} in the spec): each of its signals that fires adds
 * {@link FallbackRule#SIGNAL_WEIGHT} to the spec's prior, at most 1, and names its first feature as
 * the reason; with no signals every event gets the prior (the label rate: a neutral guess, APPROVE
 * under any threshold above it). Decisions follow the same bands as {@link FallbackRule}, so one
 * signal is REVIEW and two DECLINE. It reads only the spec's own features, never payment fields
 * another spec does not have; a vector of another spec is APPROVED with score 0, as the rule does.
 */
public final class SpecFallback implements Fallback {
  private final String specHash;
  private final int width;
  private final double prior;
  private final List<OutcomeSpec.Signal> signals;
  private final int[][] columns;

  private SpecFallback(FeatureSpec spec) {
    this.specHash = spec.hash();
    this.width = spec.layout().size();
    this.prior = spec.outcome().prior();
    this.signals = spec.outcome().fallback();
    List<String> names = spec.layout().names();
    this.columns = new int[signals.size()][];
    for (int s = 0; s < signals.size(); s++) {
      List<OutcomeSpec.Condition> when = signals.get(s).when();
      columns[s] = new int[when.size()];
      for (int c = 0; c < when.size(); c++) {
        columns[s][c] = names.indexOf(when.get(c).feature()); // checked by the spec reader
      }
    }
  }

  public static SpecFallback of(FeatureSpec spec) {
    return new SpecFallback(spec);
  }

  @Override
  public FallbackRule.Verdict evaluate(String vectorSpec, List<Double> values, double reviewBand) {
    double threshold = FallbackRule.threshold(reviewBand);
    DecisionBands bands = DecisionBands.belowThreshold(threshold, reviewBand);
    if (!specHash.equals(vectorSpec) || values.size() != width) {
      return new FallbackRule.Verdict(0.0, DecisionBands.APPROVE, threshold, List.of());
    }
    List<Reason> reasons = new ArrayList<>();
    for (int s = 0; s < signals.size(); s++) {
      if (fires(s, values)) {
        reasons.add(new Reason(signals.get(s).feature(), FallbackRule.SIGNAL_WEIGHT));
      }
    }
    double score = Math.min(1.0, prior + FallbackRule.SIGNAL_WEIGHT * reasons.size());
    return new FallbackRule.Verdict(score, bands.decide(score), threshold, List.copyOf(reasons));
  }

  private boolean fires(int signal, List<Double> values) {
    List<OutcomeSpec.Condition> when = signals.get(signal).when();
    for (int c = 0; c < when.size(); c++) {
      double value = values.get(columns[signal][c]);
      if (!when.get(c).holds(value)) { // false for NaN
        return false;
      }
    }
    return true;
  }
}
