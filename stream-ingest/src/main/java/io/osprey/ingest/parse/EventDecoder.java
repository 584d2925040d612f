package io.osprey.ingest.parse;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.schema.codec.CodecException;
import io.osprey.schema.codec.SingleObjectFormat;
import io.osprey.schema.features.EventFormat;
import io.osprey.schema.features.FeatureSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the bytes of one input record into an {@link Event} of the spec's shape, in whichever of
 * the spec's formats it comes (JSON or Avro single-object encoding, told apart by the Avro marker).
 * Only the record's shape is checked here: presence of required fields and each value's type; the
 * spec's rules on values are {@link EventValidator}'s. Problems are {@link CodecException}s naming
 * the field.
 */
final class EventDecoder {
  private final FeatureSpec spec;
  private final EventLayout layout;
  private final JsonEvents json;
  private final AvroEvents avro;
  private final int idField;
  private final int entityField;
  private final int timeField;

  EventDecoder(FeatureSpec spec) {
    this.spec = spec;
    this.layout = new EventLayout(spec.event());
    this.json = spec.event().accepts(EventFormat.JSON) ? new JsonEvents(layout) : null;
    this.avro =
        spec.event().accepts(EventFormat.AVRO)
            ? new AvroEvents(layout, spec.event().avroSchema())
            : null;
    this.idField = layout.indexOf(spec.event().idField());
    this.entityField = layout.indexOf(spec.event().entityField());
    this.timeField = layout.indexOf(spec.event().timeField());
  }

  EventLayout layout() {
    return layout;
  }

  /**
   * The event in {@code bytes}, with id, entity and event time set.
   *
   * @throws CodecException naming what is wrong
   */
  Event decode(byte[] bytes, long ingestTime) {
    if (bytes == null) {
      throw new CodecException("empty record (null value)");
    }
    Event event;
    if (SingleObjectFormat.hasMarker(bytes)) {
      if (avro == null) {
        throw new CodecException(
            "an Avro single-object record, but spec '" + spec.name() + "' accepts JSON only");
      }
      event = avro.decode(bytes);
    } else {
      if (json == null) {
        throw new CodecException(
            "not Avro single-object encoding (expected marker C3 01), and spec '"
                + spec.name()
                + "' accepts Avro only");
      }
      event = json.decode(bytes);
    }
    event.eventId = layout.text(event, idField);
    event.entityId = layout.text(event, entityField);
    event.eventTime = event.longs[timeField];
    event.ingestTime = ingestTime;
    return event;
  }

  /** Epoch milliseconds from ISO-8601 text, as a timestamp field may be written. */
  static long instant(String field, String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new CodecException(
          field + ": expected epoch milliseconds or an ISO-8601 instant, got '" + text + "'");
    }
  }

  static CodecException missing(String field) {
    return new CodecException("missing required field '" + field + "'");
  }
}
