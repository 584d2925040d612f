package io.osprey.ingest.model;

import java.util.Arrays;

/**
 * An input event that passed parsing and validation, in the shape of its feature spec: the id,
 * entity and event time every stage needs, and the spec's fields by position ({@link EventLayout}).
 * A field's value sits in the array of its type (strings in {@code texts}; longs, timestamps and
 * booleans as 0/1 in {@code longs}; doubles in {@code doubles}), the other arrays keep a
 * placeholder at that position, and {@code present} says whether the field had a value. Plain
 * arrays keep this a Flink POJO whatever the spec (no Kryo).
 */
public class Event {
  public String eventId;
  public String entityId;
  public long eventTime;

  /** Kafka timestamp of the source record: where end-to-end latency starts. */
  public long ingestTime;

  public String[] texts;
  public long[] longs;
  public double[] doubles;
  public boolean[] present;

  public Event() {}

  /** An event with room for {@code fields} values, none present. */
  public static Event withFields(int fields) {
    Event e = new Event();
    e.texts = new String[fields];
    e.longs = new long[fields];
    e.doubles = new double[fields];
    e.present = new boolean[fields];
    return e;
  }

  public void setText(int field, String value) {
    texts[field] = value;
    present[field] = true;
  }

  public void setLong(int field, long value) {
    longs[field] = value;
    present[field] = true;
  }

  public void setDouble(int field, double value) {
    doubles[field] = value;
    present[field] = true;
  }

  @Override
  public String toString() {
    return "Event{"
        + eventId
        + ", entity "
        + entityId
        + ", t="
        + eventTime
        + ", "
        + Arrays.toString(texts)
        + Arrays.toString(longs)
        + Arrays.toString(doubles)
        + "}";
  }
}
