package io.osprey.schema.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The names and order of the values in a {@code FeatureVector}, and the hash that stamps vectors
 * and models built on them. Ingest produces vectors in this order; trainer and scorer read names
 * from the model envelope. A model whose spec hash differs from a vector's cannot score it.
 */
public record FeatureLayout(String specName, List<String> names) {
  public FeatureLayout {
    names = List.copyOf(names);
  }

  /** The built-in payment features (see stream-ingest {@code PaymentFeatures} for definitions). */
  public static final FeatureLayout PAYMENTS =
      new FeatureLayout(
          "payments-v1",
          List.of(
              "amount_log",
              "count_1h",
              "sum_1h_log",
              "amount_to_mean_1h",
              "secs_since_prev_log",
              "country_changed",
              "is_ecom",
              "high_risk_mcc"));

  public int size() {
    return names.size();
  }

  /** First 16 hex digits of SHA-256 over the spec name and the ordered feature names. */
  public String specHash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(specName.getBytes(StandardCharsets.UTF_8));
      for (String name : names) {
        digest.update((byte) 0);
        digest.update(name.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
