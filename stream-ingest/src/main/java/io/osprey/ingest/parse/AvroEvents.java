package io.osprey.ingest.parse;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.codec.CodecException;
import io.osprey.schema.codec.KnownSchemas;
import io.osprey.schema.codec.StrictUtf8;
import io.osprey.schema.features.FieldSpec;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro single-object record into an event, read with the spec's schema as reader schema. The
 * writer's schema is found by fingerprint: the spec's own, or any of Osprey's contracts and their
 * earlier versions ({@link KnownSchemas}), which is how the built-in payment spec reads every
 * released {@code Transaction}. The spec loader checked that each field exists with a fitting type,
 * so only nulls and values need checking here.
 */
final class AvroEvents {
  private final EventLayout layout;
  private final BinaryMessageDecoder<GenericRecord> decoder;

  AvroEvents(EventLayout layout, String schemaJson) {
    this.layout = layout;
    Schema schema = new Schema.Parser().parse(schemaJson);
    this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema, KnownSchemas.store());
  }

  Event decode(byte[] bytes) {
    GenericRecord record;
    try {
      record = decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          "cannot decode Avro: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Event event = layout.newEvent();
    for (int i = 0; i < layout.size(); i++) {
      FieldSpec field = layout.field(i);
      Object value = record.get(field.name());
      if (value == null) {
        if (field.required()) {
          throw EventDecoder.missing(field.name());
        }
        continue;
      }
      switch (field.type()) {
        case STRING -> event.setText(i, text(value)); // Utf8, String or an enum symbol
        case LONG -> event.setLong(i, ((Number) value).longValue());
        case DOUBLE -> {
          double d = ((Number) value).doubleValue();
          if (!Double.isFinite(d)) {
            throw new CodecException(field.name() + ": expected a finite number, got " + d);
          }
          event.setDouble(i, d);
        }
        case BOOLEAN -> event.setLong(i, (Boolean) value ? 1 : 0);
        case TIMESTAMP ->
            event.setLong(
                i,
                value instanceof Number n
                    ? n.longValue()
                    : EventDecoder.instant(field.name(), value.toString()));
      }
    }
    return event;
  }

  /** Avro's own Utf8 to String conversion replaces malformed bytes; this refuses them. */
  private static String text(Object value) {
    if (value instanceof Utf8 utf8) {
      return StrictUtf8.decode(Arrays.copyOf(utf8.getBytes(), utf8.getByteLength()));
    }
    return value.toString();
  }
}
