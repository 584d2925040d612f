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

  static KeyedRecent of(Recent recent, String eventId) {
    KeyedRecent r = new KeyedRecent();
    r.eventTime = recent.eventTime;
    r.numbers = recent.numbers;
    r.texts = recent.texts;
    r.eventId = eventId;
    return r;
  }
}
