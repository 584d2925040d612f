package io.osprey.ingest.model;

import io.osprey.schema.Label;

/**
 * A validated label. It keeps its source coordinates and bytes (labels are small) so that a label
 * which cannot be joined is dead-lettered exactly as it arrived.
 */
public class LabelEvent {
  public String eventId;
  public boolean fraud;
  public long labelTime;
  public String source;

  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public byte[] key;
  public byte[] rawValue;

  public LabelEvent() {}

  public static LabelEvent of(Label label, RawRecord raw) {
    LabelEvent e = new LabelEvent();
    e.eventId = label.getEventId();
    e.fraud = label.getFraud();
    e.labelTime = label.getLabelTime();
    e.source = label.getSource();
    e.sourceTopic = raw.topic;
    e.sourcePartition = raw.partition;
    e.sourceOffset = raw.offset;
    e.key = raw.key;
    e.rawValue = raw.value;
    return e;
  }

  @Override
  public String toString() {
    return "LabelEvent{" + eventId + ", fraud=" + fraud + "}";
  }
}
