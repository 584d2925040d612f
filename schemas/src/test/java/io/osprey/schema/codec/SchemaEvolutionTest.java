package io.osprey.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.schema.Transaction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** An older reader and a newer writer (one added nullable field) understand each other. */
class SchemaEvolutionTest {
  private static final Schema CURRENT = Transaction.getClassSchema();
  private static final Schema NEWER = withAddedNullableField(CURRENT, "riskHint");

  @Test
  void olderReaderDecodesNewerWriterIgnoringTheAddedField() throws Exception {
    GenericRecord newer = new GenericData.Record(NEWER);
    Transaction sample = Samples.transaction();
    for (Schema.Field field : CURRENT.getFields()) {
      newer.put(field.name(), sample.get(field.pos()));
    }
    newer.put("riskHint", "velocity");
    ByteBuffer bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), NEWER).encode(newer);

    AvroCodec<Transaction> olderReader =
        AvroCodec.of(Transaction.class, KnownSchemas.storeWith(NEWER));

    assertThat(olderReader.decode(toArray(bytes))).isEqualTo(sample);
  }

  @Test
  void newerReaderDecodesOlderWriterWithTheDefault() throws Exception {
    Transaction sample = Samples.transaction();
    byte[] bytes = AvroCodec.of(Transaction.class).encode(sample);

    BinaryMessageDecoder<GenericRecord> newerReader =
        new BinaryMessageDecoder<>(GenericData.get(), NEWER, KnownSchemas.store());
    GenericRecord decoded = newerReader.decode(bytes);

    assertThat(decoded.get("riskHint")).isNull();
    assertThat(decoded.get("amount")).isEqualTo(sample.getAmount());
    assertThat(decoded.get("cardId").toString()).isEqualTo(sample.getCardId());
  }

  @Test
  void aReaderThatCannotResolveTheWriterSchemaSaysSo() throws Exception {
    GenericRecord newer = new GenericData.Record(NEWER);
    Transaction sample = Samples.transaction();
    for (Schema.Field field : CURRENT.getFields()) {
      newer.put(field.name(), sample.get(field.pos()));
    }
    byte[] bytes =
        toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), NEWER).encode(newer));

    assertThatThrownBy(() -> AvroCodec.of(Transaction.class).decode(bytes))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Transaction");
  }

  @Test
  void currentReadersDecodeEveryEarlierReleasedVersionWithoutHelp() {
    for (Schema previous : KnownSchemas.previousVersions()) {
      Class<? extends org.apache.avro.specific.SpecificRecord> type = currentClassOf(previous);
      GenericRecord old = sampleOf(previous);
      byte[] bytes =
          toArray(
              uncheckedEncode(
                  new BinaryMessageEncoder<GenericRecord>(GenericData.get(), previous), old));

      Object decoded = AvroCodec.of(type).decode(bytes);

      assertThat(decoded).as(previous.getFullName()).isInstanceOf(type);
    }
  }

  private static Class<? extends org.apache.avro.specific.SpecificRecord> currentClassOf(
      Schema schema) {
    @SuppressWarnings("unchecked")
    Class<? extends org.apache.avro.specific.SpecificRecord> type =
        (Class<? extends org.apache.avro.specific.SpecificRecord>)
            org.apache.avro.specific.SpecificData.get().getClass(schema);
    return type;
  }

  /** A record of {@code schema} with every field filled with a type-appropriate value. */
  private static GenericRecord sampleOf(Schema schema) {
    GenericRecord record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      record.put(field.name(), sampleValue(field.schema()));
    }
    return record;
  }

  private static Object sampleValue(Schema schema) {
    switch (schema.getType()) {
      case STRING:
        return "x";
      case LONG:
        return 1L;
      case INT:
        return 1;
      case DOUBLE:
        return 0.5;
      case BOOLEAN:
        return true;
      case BYTES:
        return ByteBuffer.wrap(new byte[] {1});
      case UNION:
        return null;
      case ARRAY:
        return new GenericData.Array<>(schema, List.of());
      case MAP:
        return java.util.Map.of();
      case RECORD:
        return sampleOf(schema);
      default:
        throw new IllegalArgumentException("no sample for " + schema.getType());
    }
  }

  private static ByteBuffer uncheckedEncode(
      BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
    try {
      return encoder.encode(record);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Schema withAddedNullableField(Schema base, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : base.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    Schema nullableString =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    fields.add(new Schema.Field(name, nullableString, "added later", JsonProperties.NULL_VALUE));
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
