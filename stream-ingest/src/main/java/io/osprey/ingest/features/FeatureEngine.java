package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.ExpressionFeature;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.PreviousFeature;
import io.osprey.schema.features.ValueBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final long eventsMillis;
  private final long previousMillis;
  private final int lastEventsKept;
  private final long lastEventsMillis;

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
    long events = 0;
    long previous = 0;
    int lags = 0;
    long lagMillis = 0;
    Map<String, Integer> offsets = new HashMap<>();
    for (Feature feature : spec.features()) {
      Column column;
      if (!computes.test(feature)) {
        column = new Skipped(feature.columns().size());
      } else if (feature instanceof PreviousFeature p) {
        column = DerivedColumns.previous(p, slots);
        lags = Math.max(lags, p.n());
        lagMillis = Math.max(lagMillis, p.window().toMillis());
      } else if (feature instanceof ExpressionFeature e) {
        column = DerivedColumns.expression(e, layout, offsets);
      } else {
        column = CompiledFeatures.of(feature, layout, slots);
      }
      columns.add(column);
      if (column.width() == 1) {
        offsets.put(feature.name(), total);
      }
      total += column.width();
      if (feature instanceof AggregateFeature a && computes.test(feature)) {
        long horizon = a.horizon().toMillis();
        if (a.function().usesPrevious()) {
          previous = Math.max(previous, horizon);
        } else {
          window = Math.max(window, horizon);
          if (a.function() != AggregateFeature.Function.FRAUD_COUNT) {
            events = Math.max(events, horizon);
          }
        }
      }
    }
    this.width = total;
    this.numberFields = slots.numberFields().stream().mapToInt(layout::indexOf).toArray();
    this.textFields = slots.textFields().stream().mapToInt(layout::indexOf).toArray();
    this.windowMillis = window;
    this.eventsMillis = events;
    this.previousMillis = previous;
    this.lastEventsKept = lags;
    this.lastEventsMillis = lagMillis;
  }

  /** How many of the entity's newest events lags ({@code function: previous}) need; 0: none. */
  public int lastEventsKept() {
    return lastEventsKept;
  }

  /** How far back in event time a lag may look (the TTL of the kept events). */
  public long lastEventsMillis() {
    return lastEventsMillis;
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** The longest window of the aggregates over windows (0 when there are none). */
  public long windowMillis() {
    return windowMillis;
  }

  /**
   * The longest window whose events an aggregate reads; 0 when none does. {@code fraud_count} reads
   * only the labelled events ({@link KnownFraud}), so a key whose aggregates are all of that kind
   * (or look only at the previous event) keeps no window of events.
   */
  public long eventsMillis() {
    return eventsMillis;
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
   * As {@link #compute(Event, List, Recent)}, for a key's history kept in event-time order (windows
   * are then found by binary search), and for label-aware aggregates too: {@code knownFraud} counts
   * the earlier events labelled fraud by what was known before this event.
   */
  public double[] computeOrdered(
      Event event, List<Recent> earlierByTime, Recent previous, KnownFraud knownFraud) {
    return compute(
        event,
        new History(event.eventTime, earlierByTime, previous, earlierByTime, knownFraud, true));
  }

  /**
   * The same, with the entity's newest events kept for lags ({@link #lastEventsKept}), which may
   * reach further back than {@code earlier}.
   */
  public double[] compute(
      Event event, List<Recent> earlier, Recent previous, List<Recent> lastEvents) {
    return compute(
        event, new History(event.eventTime, earlier, previous, lastEvents, KnownFraud.NONE, false));
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
