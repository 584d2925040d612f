package io.osprey.ingest.keys;

import io.osprey.ingest.features.Recent;

/**
 * An earlier event of a key ({@code keyed-features} state): what the key group's aggregates read
 * ({@link Recent}) and the event's id, by which its labels find it and which orders events of equal
 * time.
 */
public class KeyedRecent extends Recent {
  public String eventId;

  public KeyedRecent() {}

  /**
   * Whether the event ({@code time}, {@code eventId}) comes before ({@code otherTime}, {@code
   * otherId}) for their key, the one rule of {@code keyed-features}: on the event-time rule in
   * (event time, event id) order, whatever the order of arrival; on arrival, any event time at or
   * before the other's (callers ask only of events that reached the key first, or of labelled
   * events where a group keeps none).
   */
  static boolean precedes(
      long time, String eventId, long otherTime, String otherId, boolean eventTimeRule) {
    return eventTimeRule
        ? time < otherTime || time == otherTime && eventId.compareTo(otherId) < 0
        : time <= otherTime;
  }

  static KeyedRecent of(Recent recent, String eventId) {
    KeyedRecent r = new KeyedRecent();
    r.eventTime = recent.eventTime;
    r.numbers = recent.numbers;
    r.texts = recent.texts;
    r.eventId = eventId;
    return r;
  }
}
