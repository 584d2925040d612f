package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.AggregateFeature.Function;
import io.osprey.schema.features.CategoricalFeature;
import io.osprey.schema.features.Clip;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.NumericFeature;
import io.osprey.schema.features.TimeFeature;
import io.osprey.schema.features.Transform;
import io.osprey.schema.features.ValueBounds;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The compiled form of each kind of feature. Definitions (defaults, empty windows, ...) are those
 * documented on the spec's records ({@link AggregateFeature.Function} and others); this is their
 * arithmetic.
 */
final class CompiledFeatures {
  private CompiledFeatures() {}

  /**
   * The column of {@code feature}; {@code slots} says where the fields its aggregates read sit in a
   * {@link Recent}.
   */
  static Column of(Feature feature, EventLayout layout, Slots slots) {
    if (feature instanceof NumericFeature f) {
      return new Numeric(
          layout, layout.indexOf(f.field()), f.defaultValue(), f.clip(), f.transform());
    }
    if (feature instanceof CategoricalFeature f) {
      return new Categorical(layout, layout.indexOf(f.field()), f);
    }
    if (feature instanceof TimeFeature f) {
      return new TimePart(layout.indexOf(f.field()), f);
    }
    AggregateFeature f = (AggregateFeature) feature;
    return switch (f.function()) {
      case TIME_SINCE_LAST -> new SinceLast(f);
      case FRAUD_COUNT, FRAUD_RATE -> new LabelledWindow(f);
      case CHANGED ->
          new Changed(
              layout, layout.indexOf(f.field()), slots.text(f.field()), f.window().toMillis());
      default -> new Window(layout, f, slots);
    };
  }

  /** Clip, then transform: the last step of numeric features and aggregates. */
  static double shape(double value, Clip clip, Transform transform) {
    return transform.apply(clip == null ? value : clip.apply(value));
  }

  private record Numeric(
      EventLayout layout, int field, double defaultValue, Clip clip, Transform transform)
      implements Column {
    @Override
    public void write(Event event, History history, double[] out, int at) {
      double x = layout.number(event, field);
      out[at] = shape(Double.isNaN(x) ? defaultValue : x, clip, transform);
    }

    @Override
    public int width() {
      return 1;
    }
  }

  private static final class Categorical implements Column {
    private final EventLayout layout;
    private final int field;
    private final CategoricalFeature feature;
    private final Set<String> members;

    Categorical(EventLayout layout, int field, CategoricalFeature feature) {
      this.layout = layout;
      this.field = field;
      this.feature = feature;
      this.members = Set.copyOf(feature.values());
    }

    @Override
    public void write(Event event, History history, double[] out, int at) {
      String value = layout.text(event, field);
      if (value == null) {
        return; // an absent optional value sets no column
      }
      switch (feature.encoding()) {
        case IN -> out[at] = members.contains(value) ? 1 : 0;
        case HASH -> out[at + CategoricalFeature.bucket(value, feature.buckets())] = 1;
        case VOCABULARY -> {
          int index = feature.values().indexOf(value);
          if (index >= 0) {
            out[at + index] = 1;
          } else if (feature.other()) {
            out[at + feature.values().size()] = 1;
          }
        }
      }
    }

    @Override
    public int width() {
      return feature.columns().size();
    }
  }

  private static final class TimePart implements Column {
    private final int field;
    private final TimeFeature feature;
    private final ZoneId zone;

    TimePart(int field, TimeFeature feature) {
      this.field = field;
      this.feature = feature;
      this.zone = ZoneId.of(feature.zone());
    }

    @Override
    public void write(Event event, History history, double[] out, int at) {
      if (!event.present[field]) {
        out[at] = feature.defaultValue();
        return;
      }
      ZonedDateTime time = Instant.ofEpochMilli(event.longs[field]).atZone(zone);
      out[at] =
          feature.part() == TimeFeature.Part.HOUR_OF_DAY
              ? time.getHour()
              : time.getDayOfWeek().getValue();
    }

    @Override
    public int width() {
      return 1;
    }
  }

  /** Seconds since the previous event, capped; the cap when there is none. */
  private record SinceLast(AggregateFeature feature) implements Column {
    @Override
    public void write(Event event, History history, double[] out, int at) {
      double cap = feature.cap().toMillis() / 1000.0;
      Recent previous = history.previous();
      double seconds =
          previous == null ? cap : Math.min(cap, (history.time() - previous.eventTime) / 1000.0);
      out[at] = shape(seconds, feature.clip(), feature.transform());
    }

    @Override
    public int width() {
      return 1;
    }
  }

  /** 1 when the value differs from the previous event's, if that is within the window. */
  private record Changed(EventLayout layout, int field, int slot, long windowMillis)
      implements Column {
    @Override
    public void write(Event event, History history, double[] out, int at) {
      Recent previous = history.previous();
      boolean within = previous != null && previous.eventTime > history.time() - windowMillis;
      out[at] =
          within && !java.util.Objects.equals(previous.texts[slot], layout.text(event, field))
              ? 1
              : 0;
    }

    @Override
    public int width() {
      return 1;
    }
  }

  /** The aggregates over the earlier events in {@code (t - window, t]}. */
  private static final class Window implements Column {
    private final EventLayout layout;
    private final AggregateFeature feature;
    private final Function function;
    private final long windowMillis;
    private final int field;
    private final int slot;

    Window(EventLayout layout, AggregateFeature feature, Slots slots) {
      this.layout = layout;
      this.feature = feature;
      this.function = feature.function();
      this.windowMillis = feature.window().toMillis();
      this.field = feature.field() == null ? -1 : layout.indexOf(feature.field());
      this.slot =
          feature.field() == null
              ? -1
              : function.categorical()
                  ? slots.text(feature.field())
                  : slots.number(feature.field());
    }

    @Override
    public void write(Event event, History history, double[] out, int at) {
      // Only the earlier events in (t - window, t]: never anything after the event.
      List<Recent> earlier = history.within(windowMillis);
      double value =
          switch (function) {
            case COUNT -> earlier.size();
            case DISTINCT_COUNT -> distinct(earlier);
            default -> numeric(event, earlier);
          };
      out[at] = shape(value, feature.clip(), feature.transform());
    }

    private double distinct(List<Recent> window) {
      Set<String> values = new HashSet<>();
      for (Recent r : window) {
        if (r.texts[slot] != null) {
          values.add(r.texts[slot]);
        }
      }
      return values.size();
    }

    private double numeric(Event event, List<Recent> window) {
      int n = 0;
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (Recent r : window) {
        double x = r.numbers[slot];
        if (!Double.isNaN(x)) {
          n++;
          sum += x;
          max = Math.max(max, x);
        }
      }
      if (function == Function.SUM) {
        return sum;
      }
      if (n == 0) {
        return feature.defaultValue();
      }
      double mean = sum / n;
      double current = layout.number(event, field);
      return switch (function) {
        case MEAN -> mean;
        case MAX -> max;
        case STD -> std(window, mean, n);
        // Bounded quotients (ValueBounds): a tiny mean or std must not turn into a huge value.
        case RATIO_TO_MEAN -> ValueBounds.quotient(current, mean, feature.defaultValue());
        case ZSCORE -> {
          double std = n < 2 ? 0 : std(window, mean, n);
          yield ValueBounds.quotient(current - mean, std, feature.defaultValue());
        }
        default -> throw new IllegalStateException("not a numeric aggregate: " + function);
      };
    }

    /** Population standard deviation, second pass over the window (stable for large values). */
    private double std(List<Recent> window, double mean, int n) {
      double squares = 0;
      for (Recent r : window) {
        double x = r.numbers[slot];
        if (!Double.isNaN(x)) {
          squares += (x - mean) * (x - mean);
        }
      }
      return Math.sqrt(squares / n);
    }

    @Override
    public int width() {
      return 1;
    }
  }
}
