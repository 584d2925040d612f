package io.osprey.ingest.keys;

import io.osprey.ingest.features.FeatureEngine;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.FeatureSpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spec's keyed aggregates ({@link AggregateFeature#keyed()}: {@code by:} another field than the
 * entity, or reading labels), grouped by the field whose value keys them: one group per distinct
 * {@code by:} (the entity's label-aware aggregates form a group keyed by the entity field). Each
 * event asks each group once, under the key {@code "<field>=<value>"}, so every key of every group
 * lives in the one {@code keyed-features} operator. Plain data, built where the job is built.
 */
public final class KeyGroups implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A key value longer than this (UTF-8) is refused: the feature's default, counted. */
  public static final int MAX_KEY_BYTES = 1024;

  /** A bit per group in {@link Gathering#parts}. */
  static final int MAX_GROUPS = 63;

  private final FeatureSpec spec;
  private final List<String> fields = new ArrayList<>();
  private final List<int[]> columns = new ArrayList<>();
  private final List<Boolean> labelAware = new ArrayList<>();
  private final long longestLabelWindowMillis;

  private KeyGroups(FeatureSpec spec) {
    this.spec = spec;
    Map<String, List<Integer>> columnsByField = new LinkedHashMap<>();
    Map<String, Boolean> labels = new LinkedHashMap<>();
    long labelWindow = 0;
    int at = 0;
    for (Feature feature : spec.features()) {
      if (feature instanceof AggregateFeature a && a.keyed()) {
        String field = fieldOf(a, spec);
        columnsByField.computeIfAbsent(field, f -> new ArrayList<>()).add(at);
        labels.merge(field, a.function().labelAware(), Boolean::logicalOr);
        if (a.function().labelAware()) {
          labelWindow = Math.max(labelWindow, a.window().toMillis());
        }
      }
      at += feature.columns().size();
    }
    if (columnsByField.size() > MAX_GROUPS) {
      throw new IllegalArgumentException(
          "spec " + spec.name() + ": at most " + MAX_GROUPS + " distinct by: fields");
    }
    columnsByField.forEach(
        (field, cols) -> {
          fields.add(field);
          columns.add(cols.stream().mapToInt(Integer::intValue).toArray());
          labelAware.add(labels.get(field));
        });
    this.longestLabelWindowMillis = labelWindow;
  }

  public static KeyGroups of(FeatureSpec spec) {
    return new KeyGroups(spec);
  }

  private static String fieldOf(AggregateFeature a, FeatureSpec spec) {
    return a.by() == null ? spec.event().entityField() : a.by();
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** No keyed aggregate: the job runs without the keyed stages, exactly as before them. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  public int size() {
    return fields.size();
  }

  /** The field whose value keys group {@code g}. */
  public String field(int g) {
    return fields.get(g);
  }

  /** Where group {@code g}'s columns sit in the vector. */
  int[] columns(int g) {
    return columns.get(g);
  }

  public boolean labelAware(int g) {
    return labelAware.get(g);
  }

  public boolean anyLabelAware() {
    return labelAware.contains(true);
  }

  /** The longest window of a label-aware aggregate: how long a label can still count. */
  public long longestLabelWindowMillis() {
    return longestLabelWindowMillis;
  }

  /** The arithmetic of group {@code g}: its aggregates only, the other columns left at 0. */
  public FeatureEngine engine(int g) {
    String field = fields.get(g);
    return new FeatureEngine(
        spec, f -> f instanceof AggregateFeature a && a.keyed() && fieldOf(a, spec).equals(field));
  }

  /** Bits of all groups, as {@link Gathering#parts} holds them once every part has come. */
  long allParts() {
    return (1L << fields.size()) - 1;
  }

  /** Why an event has no key in a group, or {@link Refusal#NONE}. */
  public enum Refusal {
    NONE,
    ABSENT,
    EMPTY,
    OVERSIZE
  }

  /** The value of group {@code g}'s field in {@code event}, as text; null when absent. */
  static String value(EventLayout layout, int fieldIndex, Event event) {
    return layout.text(event, fieldIndex);
  }

  static Refusal check(String value) {
    if (value == null) {
      return Refusal.ABSENT;
    }
    if (value.isEmpty()) {
      return Refusal.EMPTY;
    }
    // Characters bound bytes from below: only a long value is encoded to count its bytes.
    if (value.length() > MAX_KEY_BYTES
        || value.length() > MAX_KEY_BYTES / 3
            && value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return Refusal.OVERSIZE;
    }
    return Refusal.NONE;
  }

  /** The key of a group's value: the field is part of it, so groups never share a key. */
  static String key(String field, String value) {
    return field + "=" + Objects.requireNonNull(value);
  }
}
