package io.osprey.ingest.parse;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.codec.CodecException;
import io.osprey.schema.features.FeatureSpec;

/**
 * Turns the raw bytes of an input event into an {@link Event} of the feature spec's shape, or into
 * a dead letter naming the problem. Pure (no Flink), so every rule is unit-tested directly. It
 * never throws on bad input: whatever the bytes, the outcome is a value or a rejection.
 *
 * <p>Stages: {@code parse} covers size, the key (bounded, UTF-8) and decoding (the record's shape:
 * JSON or Avro, required fields present, values of the declared types); {@code validate} covers the
 * spec's rules on a well-formed record (blank, enum, pattern, bounds, timestamps within the {@link
 * TimeBounds}).
 */
public final class EventParser {
  private final int maxRecordBytes;
  private final int maxKeyBytes;
  private final EventDecoder decoder;
  private final EventValidator rules;

  /** With the default key bound ({@link IngestSettings#MAX_KEY_BYTES}). */
  public EventParser(int maxRecordBytes, FeatureSpec spec) {
    this(maxRecordBytes, IngestSettings.MAX_KEY_BYTES.defaultValue(), spec);
  }

  /** With the default time bounds ({@link TimeBounds#DEFAULT}). */
  public EventParser(int maxRecordBytes, int maxKeyBytes, FeatureSpec spec) {
    this(maxRecordBytes, maxKeyBytes, spec, TimeBounds.DEFAULT);
  }

  public EventParser(int maxRecordBytes, int maxKeyBytes, FeatureSpec spec, TimeBounds timeBounds) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxKeyBytes = maxKeyBytes;
    this.decoder = new EventDecoder(spec);
    this.rules = new EventValidator(decoder.layout(), timeBounds);
  }

  /** Parses and validates one record; {@code now} is processing time. */
  public Outcome<Event> parse(RawRecord raw, long now) {
    Rejected tooBig = Rejected.ifOversized(raw, maxRecordBytes, now);
    if (tooBig != null) {
      return Outcome.rejected(tooBig);
    }
    Rejected badKey = RecordKeys.problem(raw, maxKeyBytes, now);
    if (badKey != null) {
      return Outcome.rejected(badKey);
    }
    Event event;
    try {
      event = decoder.decode(raw.value, raw.timestamp);
    } catch (RuntimeException e) {
      return Outcome.rejected(Rejected.of(raw, Rejected.PARSE, describe(e), now));
    }
    String problem = rules.problem(event, now);
    return problem == null
        ? Outcome.ok(event)
        : Outcome.rejected(Rejected.of(raw, Rejected.VALIDATE, problem, now));
  }

  /** CodecException messages already name the field; anything else is described by its type. */
  static String describe(RuntimeException e) {
    if (e instanceof CodecException) {
      return e.getMessage();
    }
    return "cannot decode: " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
