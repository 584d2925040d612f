package io.osprey.ingest.features;

import io.osprey.platform.time.TimeOrdered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an event may see of its entity's past, point in time: the entity's earlier events with an
 * event time at or before {@code time} (at least those inside the longest window), and the latest
 * of them, {@code previous} (null when there is none). When the caller keeps them ordered by event
 * time (a key's history, which may hold thousands of events), a window is found by binary search
 * and is a view, not a copy: a count over it costs nothing per event.
 */
final class History {
  private final long time;
  private final List<Recent> earlier;
  private final Recent previous;
  private final KnownFraud knownFraud;
  private final boolean ordered;

  /** The entity's newest events by event time ({@link LastEvents}), for lags. */
  private final List<Recent> lastEvents;

  /** The events of each window asked for so far: columns over one window share one pass. */
  private final Map<Long, List<Recent>> windows = new HashMap<>();

  History(long time, List<Recent> earlier, Recent previous) {
    this(time, earlier, previous, earlier, KnownFraud.NONE, false);
  }

  /**
   * @param ordered whether {@code earlier} is in event-time order (ties in any order)
   */
  History(
      long time,
      List<Recent> earlier,
      Recent previous,
      List<Recent> lastEvents,
      KnownFraud knownFraud,
      boolean ordered) {
    this.time = time;
    this.earlier = earlier;
    this.previous = previous;
    this.lastEvents = lastEvents;
    this.knownFraud = knownFraud;
    this.ordered = ordered;
  }

  /**
   * How many earlier events in {@code (time - windowMillis, time]} were labelled fraud by what was
   * known before this event (their latest label then); 0 for an entity's own history, which reads
   * no labels.
   */
  int knownFraudWithin(long windowMillis) {
    return knownFraud.countAfter(time - windowMillis);
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
          if (ordered) {
            return earlier.subList(
                TimeOrdered.firstAfter(earlier, r -> r.eventTime, from),
                TimeOrdered.firstAfter(earlier, r -> r.eventTime, time));
          }
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
