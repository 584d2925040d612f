package io.osprey.schema.codec;

/** Facts about Avro's single-object encoding that let a reader tell it from JSON. */
public final class SingleObjectFormat {
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;

  /** Marker (2 bytes) plus the writer schema's CRC-64-AVRO fingerprint (8 bytes). */
  public static final int HEADER_LENGTH = 10;

  private SingleObjectFormat() {}

  /** True when {@code bytes} starts like an Avro single-object record (JSON never starts so). */
  public static boolean hasMarker(byte[] bytes) {
    return bytes.length >= HEADER_LENGTH && bytes[0] == MARKER_0 && bytes[1] == MARKER_1;
  }
}
