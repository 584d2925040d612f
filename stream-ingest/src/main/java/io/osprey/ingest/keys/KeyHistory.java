package io.osprey.ingest.keys;

import io.osprey.ingest.features.Recent;
import io.osprey.platform.time.TimeOrdered;
import java.util.Arrays;
import java.util.List;

/**
 * One key's earlier events ({@code keyed-features} state), kept in event-time order so that what
 * precedes an event is a prefix, a window a range found by binary search, and the newest event the
 * last. A merchant's hour can hold thousands of events: a request then costs a few binary searches
 * and the columns' own work over its window, where a list in arrival order cost a copy and a scan
 * of the whole history per request.
 *
 * <p>Ties in event time: on the arrival rule an event goes after those of its time (arrival order);
 * on the event-time rule ({@link #insert} with {@code byId}) in event id order, so the order is
 * (event time, event id) whatever the order of arrival. Flink POJO; slots from {@code size} on are
 * empty.
 */
public class KeyHistory {
  public KeyedRecent[] events = new KeyedRecent[0];
  public int size;

  public KeyHistory() {}

  int size() {
    return size;
  }

  KeyedRecent get(int i) {
    return events[i];
  }

  /** The newest event (the last in event-time order); null when none. */
  KeyedRecent newest() {
    return size == 0 ? null : events[size - 1];
  }

  /** The first {@code n} events, as a view in event-time order. */
  List<Recent> first(int n) {
    return Arrays.<Recent>asList(events).subList(0, n);
  }

  /** How many events have an event time at or before {@code time}. */
  int atOrBefore(long time) {
    return TimeOrdered.firstAfter(first(size), r -> r.eventTime, time);
  }

  /**
   * How many events come before ({@code time}, {@code eventId}) in (event time, event id) order.
   */
  int before(long time, String eventId) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (KeyedRecent.precedes(events[mid].eventTime, events[mid].eventId, time, eventId, true)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Whether the event ({@code time}, {@code eventId}) is among the first {@code n}. */
  boolean holds(int n, long time, String eventId) {
    for (int i = TimeOrdered.firstAtOrAfter(first(n), r -> r.eventTime, time);
        i < n && events[i].eventTime == time;
        i++) {
      if (events[i].eventId.equals(eventId)) {
        return true;
      }
    }
    return false;
  }

  /** Adds {@code r} in its place: after its ties, or among them by event id when {@code byId}. */
  void insert(KeyedRecent r, boolean byId) {
    int at = byId ? before(r.eventTime, r.eventId) : atOrBefore(r.eventTime);
    if (size == events.length) {
      events = Arrays.copyOf(events, Math.max(4, size + (size >> 1)));
    }
    System.arraycopy(events, at, events, at + 1, size - at);
    events[at] = r;
    size++;
  }

  /** Drops the first {@code n} events (and trims the spare slots a long history left). */
  void dropFirst(int n) {
    int left = size - n;
    KeyedRecent[] kept = new KeyedRecent[left + Math.max(4, left >> 2)];
    System.arraycopy(events, n, kept, 0, left);
    events = kept;
    size = left;
  }
}
