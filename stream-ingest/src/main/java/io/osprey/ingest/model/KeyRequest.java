package io.osprey.ingest.model;

/**
 * One event asking one key group for its aggregates ({@code keyed-features}, keyed by {@link #key},
 * {@code "<field>=<value>"}): the event itself, which the key's history remembers.
 */
public class KeyRequest {
  public String key;
  public int group;
  public Event event;

  public KeyRequest() {}

  public static KeyRequest of(String key, int group, Event event) {
    KeyRequest r = new KeyRequest();
    r.key = key;
    r.group = group;
    r.event = event;
    return r;
  }

  @Override
  public String toString() {
    return "KeyRequest{" + key + ", group " + group + ", " + event.eventId + "}";
  }
}
