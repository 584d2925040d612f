package io.osprey.ingest.model;

import io.osprey.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** An input that could not be used, and why; becomes a {@link DeadLetter} on the way out. */
public class Rejected {
  public static final String PARSE = "parse";
  public static final String VALIDATE = "validate";
  public static final String JOIN = "join";

  /**
   * How much of an oversized record is kept: enough to recognise it, small enough that the
   * dead-letter topic never carries a huge value.
   */
  public static final int KEPT_PREFIX_BYTES = 1024;

  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public byte[] key;
  public byte[] rawValue;
  public boolean truncated;

  /** Sizes of the original key and value (null: there was none), kept whatever is truncated. */
  public Integer keyBytes;

  public Integer valueBytes;
  public String stage;
  public String reason;
  public long time;

  public Rejected() {}

  public static Rejected of(RawRecord raw, String stage, String reason, long now) {
    return of(raw.topic, raw.partition, raw.offset, raw.key, raw.value, stage, reason, now);
  }

  /** The dead letter of a record larger than {@code maxBytes}; null when it is not. */
  public static Rejected ifOversized(RawRecord raw, int maxBytes, long now) {
    return raw.value != null && raw.value.length > maxBytes ? oversized(raw, maxBytes, now) : null;
  }

  public static Rejected oversized(RawRecord raw, int maxBytes, long now) {
    Rejected r =
        of(
            raw,
            PARSE,
            "record of "
                + raw.value.length
                + " bytes exceeds the maximum of "
                + maxBytes
                + " (truncated)",
            now);
    r.rawValue = Arrays.copyOf(raw.value, Math.min(KEPT_PREFIX_BYTES, raw.value.length));
    r.truncated = true;
    return r;
  }

  /**
   * The dead letter of a record whose key is larger than {@code maxKeyBytes} ({@code
   * key_too_large}), keeping that many bytes of it; null when the key is within bounds.
   */
  public static Rejected ifKeyTooLarge(RawRecord raw, int maxKeyBytes, long now) {
    if (raw.key == null || raw.key.length <= maxKeyBytes) {
      return null;
    }
    Rejected r =
        of(
            raw,
            PARSE,
            "key_too_large: key of "
                + raw.key.length
                + " bytes exceeds the maximum of "
                + maxKeyBytes
                + " (truncated)",
            now);
    r.key = Arrays.copyOf(raw.key, maxKeyBytes);
    r.truncated = true;
    return r;
  }

  public static Rejected of(LabelEvent label, String stage, String reason, long now) {
    return of(
        label.sourceTopic,
        label.sourcePartition,
        label.sourceOffset,
        label.key,
        label.rawValue,
        stage,
        reason,
        now);
  }

  private static Rejected of(
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      String stage,
      String reason,
      long now) {
    Rejected r = new Rejected();
    r.sourceTopic = topic;
    r.sourcePartition = partition;
    r.sourceOffset = offset;
    r.key = key;
    r.rawValue = value;
    r.keyBytes = key == null ? null : key.length;
    r.valueBytes = value == null ? null : value.length;
    r.stage = stage;
    r.reason = reason;
    r.time = now;
    return r;
  }

  public DeadLetter toAvro() {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setRawValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
        .setTruncated(truncated)
        .setStage(stage)
        .setReason(reason)
        .setTime(time)
        .setKeyBytes(keyBytes)
        .setValueBytes(valueBytes)
        .build();
  }

  @Override
  public String toString() {
    return "Rejected{"
        + sourceTopic
        + "-"
        + sourcePartition
        + "@"
        + sourceOffset
        + " "
        + stage
        + ": "
        + reason
        + "}";
  }
}
