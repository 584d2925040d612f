package io.osprey.schema.features;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of a numeric field at the entity's {@code n}-th previous event ({@code kind: aggregate,
 * function: previous}), point in time: among the entity's earlier events with an event time at or
 * before this one's, the {@code n}-th latest by event time, if it lies within {@code window}. The
 * default when there is no such event or its value is absent. The result is then clipped and
 * transformed like a numeric feature.
 *
 * <p>A lag replaces the half-open-window trick ({@code max} over a window shorter than the gap):
 * {@code {name: prev_amount, kind: aggregate, function: previous, field: amount, n: 1, default:
 * 0}}.
 *
 * @param n how many events back, from 1 (the previous one) to {@link #MAX_N}
 * @param window how far back in event time the event may lie (state is kept that long)
 * @param clip null for none
 */
public record PreviousFeature(
    String name,
    String field,
    int n,
    Duration window,
    double defaultValue,
    Clip clip,
    Transform transform)
    implements Feature {

  /** The spec's function name. */
  public static final String FUNCTION = "previous";

  /** The furthest look-back: each entity keeps this many events at most. */
  public static final int MAX_N = 100;

  /** How far back the event may lie when the spec says no {@code window}. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  @Override
  public List<String> columns() {
    return List.of(name);
  }

  @Override
  public Map<String, Object> canonical() {
    Map<String, Object> form = new TreeMap<>();
    form.put("kind", "aggregate");
    form.put("name", name);
    form.put("function", FUNCTION);
    form.put("field", field);
    form.put("n", n);
    form.put("windowMillis", window.toMillis());
    form.put("default", defaultValue);
    if (clip != null) {
      form.put("clip", List.of(clip.lo(), clip.hi()));
    }
    form.put("transform", transform.specName());
    return form;
  }
}
