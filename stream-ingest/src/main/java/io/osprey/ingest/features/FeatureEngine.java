package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.ValueBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A feature spec compiled into arithmetic: the vector of an event given what its entity did before
 * ({@link History}). Pure (no Flink, no state): {@link SpecFeatures} keeps the entity's history in
 * keyed state and asks this for the values, and tests can drive it directly.
 */
public final class FeatureEngine {
  private final FeatureSpec spec;
  private final EventLayout layout;
  private final List<Column> columns = new ArrayList<>();
  private final int width;
  private final int[] numberFields;
  private final int[] textFields;
  private final long windowMillis;
  private final long previousMillis;

  /**
   * The entity's part of the spec: every feature but the aggregates keyed by another field or
   * reading labels ({@link AggregateFeature#keyed()}), whose columns it leaves at 0.
   */
  public FeatureEngine(FeatureSpec spec) {
    this(spec, f -> !(f instanceof AggregateFeature a && a.keyed()));
  }

  /**
   * The part of the spec {@code computes} selects: the other features' columns are left at 0 (the
   * vector keeps the spec's layout, so partial vectors of several keys can be laid over each
   * other), and only the selected aggregates decide what is remembered and for how long.
   */
  public FeatureEngine(FeatureSpec spec, Predicate<Feature> computes) {
    this.spec = spec;
    this.layout = new EventLayout(spec.event());
    List<Feature> selected = spec.features().stream().filter(computes).toList();
    Slots slots = new Slots(selected);
    int total = 0;
    long window = 0;
    long previous = 0;
    for (Feature feature : spec.features()) {
      Column column =
          computes.test(feature)
              ? CompiledFeatures.of(feature, layout, slots)
              : new Skipped(feature.columns().size());
      columns.add(column);
      total += column.width();
      if (feature instanceof AggregateFeature a && computes.test(feature)) {
        long horizon = a.horizon().toMillis();
        if (a.function().usesPrevious()) {
          previous = Math.max(previous, horizon);
        } else {
          window = Math.max(window, horizon);
        }
      }
    }
    this.width = total;
    this.numberFields = slots.numberFields().stream().mapToInt(layout::indexOf).toArray();
    this.textFields = slots.textFields().stream().mapToInt(layout::indexOf).toArray();
    this.windowMillis = window;
    this.previousMillis = previous;
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** The longest window of the aggregates over windows (0 when there are none). */
  public long windowMillis() {
    return windowMillis;
  }

  /**
   * How far back the previous event still matters ({@code time_since_last} caps, {@code changed}
   * windows); 0 when no feature looks at it.
   */
  public long previousMillis() {
    return previousMillis;
  }

  /** What the entity's later events need to remember of {@code event}. */
  public Recent remember(Event event) {
    double[] numbers = new double[numberFields.length];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = layout.number(event, numberFields[i]);
    }
    String[] texts = new String[textFields.length];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = layout.text(event, textFields[i]);
    }
    return new Recent(event.eventTime, numbers, texts);
  }

  /**
   * The vector of {@code event}, in the spec's layout order: every value finite and within {@link
   * ValueBounds}.
   *
   * @param earlier the entity's earlier events with event time at or before the event's; any others
   *     are ignored
   * @param previous the latest of the entity's earlier events at or before it; null if none
   */
  public double[] compute(Event event, List<Recent> earlier, Recent previous) {
    return compute(event, new History(event.eventTime, earlier, previous));
  }

  /**
   * As {@link #compute(Event, List, Recent)}, for label-aware aggregates too: {@code knownFraud}
   * says which of the earlier events were labelled fraud by what was known before this event.
   */
  public double[] compute(
      Event event, List<Recent> earlier, Recent previous, Predicate<Recent> knownFraud) {
    return compute(event, new History(event.eventTime, earlier, previous, knownFraud));
  }

  private double[] compute(Event event, History history) {
    double[] values = new double[width];
    int at = 0;
    for (Column column : columns) {
      column.write(event, history, values, at);
      at += column.width();
    }
    // The one place every value passes: finite and bounded whatever the arithmetic did.
    for (int i = 0; i < values.length; i++) {
      values[i] = ValueBounds.bound(values[i]);
    }
    return values;
  }

  /** A feature another engine computes: its columns stay 0 here. */
  private record Skipped(int width) implements Column {
    @Override
    public void write(Event event, History history, double[] out, int at) {}
  }
}
