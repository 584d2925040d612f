package io.osprey.ingest.model;

/**
 * One key group's columns of one event's vector, on its way to be gathered with the entity's vector
 * by event id ({@code gather-keys}). {@code values} has the spec's full layout, the group's columns
 * set (the others are 0).
 */
public class KeyPart {
  public String eventId;
  public String entityId;
  public int group;
  public double[] values;

  /** The key's history was behind this event (see keyed-features). */
  public boolean late;

  public long featureTime;

  public KeyPart() {}

  public static KeyPart of(Event event, int group, double[] values, long featureTime) {
    KeyPart p = new KeyPart();
    p.eventId = event.eventId;
    p.entityId = event.entityId;
    p.group = group;
    p.values = values;
    p.featureTime = featureTime;
    return p;
  }

  @Override
  public String toString() {
    return "KeyPart{" + eventId + ", group " + group + "}";
  }
}
