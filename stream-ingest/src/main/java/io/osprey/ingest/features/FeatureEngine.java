package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.ValueBounds;
import java.util.ArrayList;
import java.util.List;

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

  public FeatureEngine(FeatureSpec spec) {
    this.spec = spec;
    this.layout = new EventLayout(spec.event());
    Slots slots = new Slots(spec.features());
    int total = 0;
    long window = 0;
    long previous = 0;
    for (Feature feature : spec.features()) {
      Column column = CompiledFeatures.of(feature, layout, slots);
      columns.add(column);
      total += column.width();
      if (feature instanceof AggregateFeature a) {
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
    History history = new History(event.eventTime, earlier, previous);
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
}
