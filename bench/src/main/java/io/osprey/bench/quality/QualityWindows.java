package io.osprey.bench.quality;

import io.osprey.trainer.intake.LabelledExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the quality report cuts event time into windows: every N examples, or every fixed span of
 * event time aligned to the epoch (so hourly windows start on the hour, UTC). Empty spans make no
 * window.
 */
public final class QualityWindows {
  private final int examples;
  private final long spanMillis;

  private QualityWindows(int examples, long spanMillis) {
    this.examples = examples;
    this.spanMillis = spanMillis;
  }

  /** A window per {@code count} consecutive examples (the last may be shorter). */
  public static QualityWindows everyExamples(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a window needs at least one example");
    }
    return new QualityWindows(count, 0);
  }

  /** A window per {@code span} of event time, e.g. {@code Duration.ofHours(1)}. */
  public static QualityWindows everyEventTime(Duration span) {
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("a window needs a positive span");
    }
    return new QualityWindows(0, span.toMillis());
  }

  /** The windows of {@code ordered} (in event-time order) as {@code [start, end)} index ranges. */
  List<int[]> ranges(List<LabelledExample> ordered) {
    List<int[]> ranges = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= ordered.size(); i++) {
      boolean end =
          i == ordered.size()
              || (examples > 0
                  ? i - start >= examples
                  : bucket(ordered.get(i).eventTime()) != bucket(ordered.get(start).eventTime()));
      if (end && i > start) {
        ranges.add(new int[] {start, i});
        start = i;
      }
    }
    return ranges;
  }

  private long bucket(long eventTime) {
    return Math.floorDiv(eventTime, spanMillis);
  }

  @Override
  public String toString() {
    return examples > 0
        ? "every " + examples + " examples"
        : "every " + Duration.ofMillis(spanMillis);
  }
}
