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
