package io.osprey.schema.features;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the entity did <em>before</em> this event ({@code kind: aggregate}), on event time and point
 * in time: only the entity's earlier events with event time in {@code (t - window, t]} count (the
 * event itself never does), and "previous" is the latest of the entity's events at or before {@code
 * t}. The result is then clipped and transformed like a numeric feature.
 *
 * @param field null for {@link Function#COUNT} and {@link Function#TIME_SINCE_LAST}
 * @param window null for {@link Function#TIME_SINCE_LAST}
 * @param cap {@link Function#TIME_SINCE_LAST} only: the longest gap reported; no previous event
 *     within it reads as the cap itself
 * @param defaultValue the value when nothing in the window can answer (see {@link Function})
 * @param clip null for none
 * @param by the event field whose value keys this aggregate ({@code by:}); null for the event's
 *     entity (a {@code by:} naming the entity field is read as null, so it hashes alike)
 * @param minEvents {@link Function#FRAUD_RATE} only: fewer earlier events of the key in the window
 *     than this give the default; 0 otherwise
 */
public record AggregateFeature(
    String name,
    Function function,
    String field,
    Duration window,
    Duration cap,
    double defaultValue,
    Clip clip,
    Transform transform,
    String by,
    int minEvents)
    implements Feature {

  /** An aggregate over the entity's own history. */
  public AggregateFeature(
      String name,
      Function function,
      String field,
      Duration window,
      Duration cap,
      double defaultValue,
      Clip clip,
      Transform transform) {
    this(name, function, field, window, cap, defaultValue, clip, transform, null, 0);
  }

  /** The aggregates; "empty" means no earlier event in the window with the field present. */
  public enum Function {
    /** Earlier events in the window (no field); 0 when empty. */
    COUNT,
    /** Sum of the field; 0 when empty. */
    SUM,
    /** Mean of the field; the default when empty. */
    MEAN,
    /** Population standard deviation of the field; the default when empty. */
    STD,
    /** Largest value of the field; the default when empty. */
    MAX,
    /** Distinct values of a categorical field; 0 when empty. */
    DISTINCT_COUNT,
    /** Seconds since the previous event (no field), at most the cap; the cap when none. */
    TIME_SINCE_LAST,
    /**
     * This event's value / the window's mean; the default when empty, absent or the mean is 0; at
     * most {@link ValueBounds#QUOTIENT_LIMIT} in magnitude.
     */
    RATIO_TO_MEAN,
    /**
     * (this event's value − mean) / std over the window; the default with fewer than two values, a
     * zero std, or the value absent; at most {@link ValueBounds#QUOTIENT_LIMIT} in magnitude.
     */
    ZSCORE,
    /** 1 when a categorical field differs from the previous event's within the window, else 0. */
    CHANGED,
    /**
     * Earlier events of the key in the window whose latest label known before this event says fraud
     * (no field); 0 when empty. "Known before": arrived before the event on the processing clock,
     * {@code labelTime} before its event time on the event clock.
     */
    FRAUD_COUNT,
    /**
     * {@link #FRAUD_COUNT} / the key's earlier events in the window; the default when there are
     * fewer than {@code min_events} of them (or none).
     */
    FRAUD_RATE;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Takes a numeric field. */
    public boolean numeric() {
      return this == SUM
          || this == MEAN
          || this == STD
          || this == MAX
          || this == RATIO_TO_MEAN
          || this == ZSCORE;
    }

    /** Takes a categorical field. */
    public boolean categorical() {
      return this == DISTINCT_COUNT || this == CHANGED;
    }

    /** Has a meaningful default (the others have a natural value for "nothing"). */
    public boolean takesDefault() {
      return this == MEAN
          || this == STD
          || this == MAX
          || this == RATIO_TO_MEAN
          || this == ZSCORE
          || this == FRAUD_RATE;
    }

    /** Reads the labels of the key's earlier events. */
    public boolean labelAware() {
      return this == FRAUD_COUNT || this == FRAUD_RATE;
    }

    /** Looks at the previous event rather than aggregating the window. */
    public boolean usesPrevious() {
      return this == TIME_SINCE_LAST || this == CHANGED;
    }
  }

  /** Keyed by another field than the entity, or reading labels: computed off the entity. */
  public boolean keyed() {
    return by != null || function.labelAware();
  }

  @Override
  public List<String> columns() {
    return List.of(name);
  }

  /** How far back in event time this feature looks. */
  public Duration horizon() {
    return window != null ? window : cap;
  }

  @Override
  public Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("kind", "aggregate");
    form.put("name", name);
    form.put("function", function.specName());
    if (field != null) {
      form.put("field", field);
    }
    if (window != null) {
      form.put("windowMillis", window.toMillis());
    }
    if (cap != null) {
      form.put("capMillis", cap.toMillis());
    }
    form.put("default", defaultValue);
    if (clip != null) {
      form.put("clip", List.of(clip.lo(), clip.hi()));
    }
    form.put("transform", transform.specName());
    // Only when set: specs without them keep the hash they had before these keys existed.
    if (by != null) {
      form.put("by", by);
    }
    if (function == Function.FRAUD_RATE) {
      form.put("minEvents", minEvents);
    }
    return form;
  }
}
