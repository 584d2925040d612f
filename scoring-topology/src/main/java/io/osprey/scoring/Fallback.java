package io.osprey.scoring;

import java.util.List;

/**
 * What scores a vector while no usable model exists. Payments keep their {@link FallbackRule}
 * (tuned by settings); any other spec gets its own signals or its prior ({@link SpecFallback}).
 */
public interface Fallback {

  /**
   * The verdict on one vector of spec {@code specHash}, with a review band of {@code reviewBand}.
   */
  FallbackRule.Verdict evaluate(String specHash, List<Double> values, double reviewBand);
}
