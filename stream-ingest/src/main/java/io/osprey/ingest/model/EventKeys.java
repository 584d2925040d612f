package io.osprey.ingest.model;

/**
 * The keys of an event's label-aware groups ({@code "<field>=<value>"}), for {@code label-keys},
 * which sends the event's labels on to each of them.
 */
public class EventKeys {
  public String eventId;
  public String[] keys;

  public EventKeys() {}

  public static EventKeys of(String eventId, String[] keys) {
    EventKeys k = new EventKeys();
    k.eventId = eventId;
    k.keys = keys;
    return k;
  }
}
