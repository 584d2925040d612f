package io.osprey.schema.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one record type: a two-byte marker, the writer schema's 64-bit
 * fingerprint, then the binary body. A reader that meets a fingerprint it does not know asks the
 * {@link SchemaStore}, so a reader built against an older schema still decodes a newer writer's
 * records (and the other way round) as long as the change follows Avro's resolution rules.
 *
 * <p>Instances are thread-safe: Avro's encoder and decoder keep per-thread buffers.
 */
public final class AvroCodec<T extends SpecificRecord> {
  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroCodec(Class<T> type, Schema schema, SchemaStore store) {
    KnownSchemas.ensureTrusted();
    this.type = type;
    this.schema = schema;
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** A codec for a generated record class, resolving unknown writer schemas from {@code store}. */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, SchemaStore store) {
    return new AvroCodec<>(type, SpecificData.get().getSchema(type), store);
  }

  /** A codec that knows the writer schemas of {@link KnownSchemas} (the ones this build ships). */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return of(type, KnownSchemas.store());
  }

  /**
   * A codec that reads and writes with {@code readerSchema} instead of the class's own schema.
   * Tests use it to play an older or newer peer.
   */
  public static <T extends SpecificRecord> AvroCodec<T> withSchema(
      Class<T> type, Schema readerSchema, SchemaStore store) {
    return new AvroCodec<>(type, readerSchema, store);
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return schema;
  }

  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record");
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          "cannot encode " + type.getSimpleName() + ": " + CodecException.describe(e), e);
    }
  }

  /**
   * Decodes one record.
   *
   * @throws CodecException naming the cause (wrong marker, unknown fingerprint, truncated body)
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new CodecException("cannot decode " + type.getSimpleName() + ": null value");
    }
    if (!SingleObjectFormat.hasMarker(bytes)) {
      throw new CodecException(
          "cannot decode "
              + type.getSimpleName()
              + ": not Avro single-object encoding (expected marker C3 01)");
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          "cannot decode " + type.getSimpleName() + ": " + CodecException.describe(e), e);
    }
  }
}
