package io.osprey.schema.codec;

import org.apache.avro.specific.SpecificRecord;

/**
 * The codec of an edge topic ({@code transactions}, {@code labels}, {@code predictions}): it reads
 * JSON or Avro single-object records, telling them apart by the Avro marker, and writes the format
 * it was built with.
 */
public final class EdgeCodec<T extends SpecificRecord> {
  private final AvroCodec<T> avro;
  private final JsonCodec<T> json;
  private final WireFormat writeFormat;

  private EdgeCodec(Class<T> type, WireFormat writeFormat) {
    this.avro = AvroCodec.of(type);
    this.json = JsonCodec.of(type);
    this.writeFormat = writeFormat;
  }

  public static <T extends SpecificRecord> EdgeCodec<T> of(Class<T> type, WireFormat writeFormat) {
    return new EdgeCodec<>(type, writeFormat);
  }

  /** Decodes JSON or Avro; throws {@link CodecException} naming the problem. */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new CodecException("empty record (null value)");
    }
    return SingleObjectFormat.hasMarker(bytes) ? avro.decode(bytes) : json.decode(bytes);
  }

  public byte[] encode(T record) {
    return writeFormat == WireFormat.AVRO ? avro.encode(record) : json.encode(record);
  }

  public WireFormat writeFormat() {
    return writeFormat;
  }
}
