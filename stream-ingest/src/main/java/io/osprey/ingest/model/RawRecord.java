package io.osprey.ingest.model;

/** One Kafka record exactly as read, with where it came from. Never fails to build. */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;

  /** Kafka record timestamp (producer create time, or broker append time). */
  public long timestamp;

  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
