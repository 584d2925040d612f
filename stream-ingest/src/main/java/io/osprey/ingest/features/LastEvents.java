package io.osprey.ingest.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The entity's newest events by event time, at most a fixed number: what {@code function: previous}
 * reads n events back. Kept apart from the windows' history because a lag does not look back a
 * fixed time but a fixed number of events, however long ago they were (up to the feature's window,
 * the state's TTL).
 */
final class LastEvents {
  private static final Comparator<Recent> NEWEST_FIRST =
      Comparator.comparingLong((Recent r) -> r.eventTime).reversed();

  private LastEvents() {}

  /**
   * Events after the watermark kept beyond the lag's count at most: more than this many in flight
   * (out of order, not yet behind the watermark) and the oldest of them are dropped.
   */
  static final int MAX_IN_FLIGHT = 1_000;

  /**
   * {@code kept} with {@code current} added, trimmed to what an on-time event can still need: every
   * event after the {@code watermark} (an on-time event may fall anywhere among them) and the
   * {@code limit} newest at or before it. Exact for on-time events; a late event reads what is
   * left, as for windows.
   */
  static List<Recent> with(List<Recent> kept, Recent current, int limit, long watermark) {
    List<Recent> all = new ArrayList<>(kept.size() + 1);
    all.addAll(kept);
    all.add(current);
    all.sort(NEWEST_FIRST);
    List<Recent> trimmed = new ArrayList<>(Math.min(all.size(), limit + 8));
    int settled = 0;
    for (Recent r : all) {
      if (r.eventTime > watermark ? trimmed.size() < limit + MAX_IN_FLIGHT : settled++ < limit) {
        trimmed.add(r);
      }
    }
    return trimmed;
  }

  /**
   * The {@code n}-th latest of {@code events} with event time at or before {@code time} and after
   * {@code time - windowMillis}; null when there is none. Among equal event times, the one kept
   * later counts as later.
   */
  static Recent nthBefore(List<Recent> events, long time, int n, long windowMillis) {
    List<Recent> candidates = new ArrayList<>(events.size());
    for (Recent r : events) {
      if (r.eventTime <= time) {
        candidates.add(r);
      }
    }
    if (candidates.size() < n) {
      return null;
    }
    // Stable sort on the reversed list: among ties, the later-kept one comes first.
    List<Recent> reversed = new ArrayList<>(candidates.size());
    for (int i = candidates.size() - 1; i >= 0; i--) {
      reversed.add(candidates.get(i));
    }
    reversed.sort(NEWEST_FIRST);
    Recent nth = reversed.get(n - 1);
    return nth.eventTime > time - windowMillis ? nth : null;
  }
}
