package io.osprey.schema.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A parsed, checked feature spec: the input event and the ordered features computed from it. Plain
 * immutable data, {@link Serializable}, so a job parses the file once where it is built and ships
 * the result to wherever it runs. Read one with {@link FeatureSpecs#load}.
 *
 * <p>Its {@linkplain #hash() hash} identifies it everywhere: it stamps every feature vector and
 * every model, and a scorer refuses vectors of another hash. It is computed over a canonical form
 * of the parsed spec (defaults filled in, durations in milliseconds, keys sorted, order kept only
 * where it means something), so comments, whitespace, key order, quoting, {@code 60m} versus {@code
 * 1h} or the file's location do not change it, and any change of meaning does.
 */
public final class FeatureSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final EventSpec event;
  private final List<Feature> features;
  private final String hash;
  private final FeatureLayout layout;
  private final OutcomeSpec outcome;

  /** A spec without an {@code outcome:} section ({@link OutcomeSpec#DEFAULT}). */
  public FeatureSpec(String name, EventSpec event, List<Feature> features) {
    this(name, event, features, OutcomeSpec.DEFAULT);
  }

  public FeatureSpec(String name, EventSpec event, List<Feature> features, OutcomeSpec outcome) {
    this.name = Objects.requireNonNull(name, "name");
    this.event = Objects.requireNonNull(event, "event");
    this.features = List.copyOf(features);
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.hash = sha256Prefix(canonicalForm());
    List<String> columns = new ArrayList<>();
    this.features.forEach(f -> columns.addAll(f.columns()));
    this.layout = new FeatureLayout(name, columns, hash);
  }

  public String name() {
    return name;
  }

  public EventSpec event() {
    return event;
  }

  public List<Feature> features() {
    return features;
  }

  /** What its labels mean and how it is scored before a model exists; not in the hash. */
  public OutcomeSpec outcome() {
    return outcome;
  }

  /** First 16 hex digits of SHA-256 over {@link #canonicalForm()}. */
  public String hash() {
    return hash;
  }

  /** The column names in vector order, with the spec's name and hash. */
  public FeatureLayout layout() {
    return layout;
  }

  /** The aggregates' longest look-back in event time (zero when there are none). */
  public Duration longestHorizon() {
    return features.stream()
        .filter(AggregateFeature.class::isInstance)
        .map(f -> ((AggregateFeature) f).horizon())
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /** The JSON text the hash is computed over. */
  public String canonicalForm() {
    Map<String, Object> form = new TreeMap<>();
    form.put("name", name);
    form.put("event", event.canonical());
    form.put("features", features.stream().map(Feature::canonical).toList());
    try {
      return new ObjectMapper().writeValueAsString(form);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical form is plain maps, lists and scalars", e);
    }
  }

  private static String sha256Prefix(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureSpec spec
        && spec.hash.equals(hash)
        && spec.canonicalForm().equals(canonicalForm())
        && spec.outcome.equals(outcome);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureSpec{" + name + ", " + hash + ", " + layout.names() + "}";
  }
}
