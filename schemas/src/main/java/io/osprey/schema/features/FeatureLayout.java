package io.osprey.schema.features;

import java.io.Serializable;
import java.util.List;

/**
 * The names and order of the values in a {@code FeatureVector}, and the hash that stamps vectors
 * and models built on them. Ingest produces vectors in this order; trainer and scorer read names
 * from the model envelope. A model whose spec hash differs from a vector's cannot score it.
 *
 * <p>A layout is what a {@link FeatureSpec} produces ({@link FeatureSpec#layout()}); its hash is
 * the spec's hash.
 */
public record FeatureLayout(String specName, List<String> names, String specHash)
    implements Serializable {
  public FeatureLayout {
    names = List.copyOf(names);
  }

  /**
   * The layout of the built-in payment spec ({@code builtin:payments}, the default of {@code
   * features.spec}): the eight per-card features {@code amount_log, count_1h, sum_1h_log,
   * amount_to_mean_1h, secs_since_prev_log, country_changed, is_ecom, high_risk_mcc}.
   */
  public static final FeatureLayout PAYMENTS =
      FeatureSpecs.load(FeatureSpecs.BUILTIN_PAYMENTS).layout();

  public int size() {
    return names.size();
  }
}
