package io.osprey.ingest.model;

/**
 * The keys of an event's label-aware groups ({@code "<field>=<value>"}), for {@code label-keys},
 * which sends the event's labels on to each of them.
 */
public class EventKeys {
  public String eventId;

  /** The event's time, which its labels carry to the keys (0 in state written before it was). */
  public long eventTime;

  public String[] keys;

  public EventKeys() {}

  public static EventKeys of(String eventId, long eventTime, String[] keys) {
    EventKeys k = new EventKeys();
    k.eventId = eventId;
    k.eventTime = eventTime;
    k.keys = keys;
    return k;
  }
}
