package io.osprey.ingest.model;

/** A label on its way to one key of its event ({@code label-keys} to {@code keyed-features}). */
public class KeyLabel {
  public String key;
  public String eventId;

  /** The labelled event's time, so a key can tell the windows it falls in. */
  public long eventTime;

  public boolean fraud;
  public long labelTime;

  public KeyLabel() {}

  public static KeyLabel of(String key, long eventTime, LabelEvent label) {
    KeyLabel k = new KeyLabel();
    k.key = key;
    k.eventId = label.eventId;
    k.eventTime = eventTime;
    k.fraud = label.fraud;
    k.labelTime = label.labelTime;
    return k;
  }

  @Override
  public String toString() {
    return "KeyLabel{" + key + ", " + eventId + ", fraud=" + fraud + "}";
  }
}
