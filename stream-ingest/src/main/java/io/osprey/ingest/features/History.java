package io.osprey.ingest.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What an event may see of its entity's past, point in time: the entity's earlier events with an
 * event time at or before {@code time} (at least those inside the longest window), and the latest
 * of them, {@code previous} (null when there is none).
 */
final class History {
  private final long time;
  private final List<Recent> earlier;
  private final Recent previous;
  private final Predicate<Recent> knownFraud;

  /** The entity's newest events by event time ({@link LastEvents}), for lags. */
  private final List<Recent> lastEvents;

  /** The events of each window asked for so far: columns over one window share one pass. */
  private final Map<Long, List<Recent>> windows = new HashMap<>();

  History(long time, List<Recent> earlier, Recent previous) {
    this(time, earlier, previous, earlier, r -> false);
  }

  History(
      long time,
      List<Recent> earlier,
      Recent previous,
      List<Recent> lastEvents,
      Predicate<Recent> knownFraud) {
    this.time = time;
    this.earlier = earlier;
    this.previous = previous;
    this.lastEvents = lastEvents;
    this.knownFraud = knownFraud;
  }

  /**
   * Whether {@code earlier}, one of the earlier events, was labelled fraud by what was known before
   * this event (its latest label then); false for an entity's own history, which reads no labels.
   */
  boolean knownFraud(Recent earlier) {
    return knownFraud.test(earlier);
  }

  /** The {@code n}-th latest earlier event within {@code windowMillis}; null when none. */
  Recent nthPrevious(int n, long windowMillis) {
    return LastEvents.nthBefore(lastEvents, time, n, windowMillis);
  }

  long time() {
    return time;
  }

  Recent previous() {
    return previous;
  }

  /** The earlier events with event time in {@code (time - windowMillis, time]}. */
  List<Recent> within(long windowMillis) {
    return windows.computeIfAbsent(
        windowMillis,
        w -> {
          long from = time - w;
          List<Recent> in = new ArrayList<>();
          for (Recent r : earlier) {
            if (r.eventTime > from && r.eventTime <= time) {
              in.add(r);
            }
          }
          return in;
        });
  }
}
