package io.osprey.ingest.parse;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.Label;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;

/**
 * Turns the raw bytes of a label (JSON or Avro {@link Label}, whatever the feature spec) into a
 * {@link LabelEvent}, or into a dead letter naming the problem. Pure and never throwing, like
 * {@link EventParser}.
 */
public final class LabelParser {
  private final int maxRecordBytes;
  private final int maxKeyBytes;
  private final TimeBounds timeBounds;
  private final EdgeCodec<Label> labels = EdgeCodec.of(Label.class, WireFormat.JSON);

  /** With the default key bound ({@link IngestSettings#MAX_KEY_BYTES}). */
  public LabelParser(int maxRecordBytes) {
    this(maxRecordBytes, IngestSettings.MAX_KEY_BYTES.defaultValue());
  }

  /** With the default time bounds ({@link TimeBounds#DEFAULT}). */
  public LabelParser(int maxRecordBytes, int maxKeyBytes) {
    this(maxRecordBytes, maxKeyBytes, TimeBounds.DEFAULT);
  }

  public LabelParser(int maxRecordBytes, int maxKeyBytes, TimeBounds timeBounds) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxKeyBytes = maxKeyBytes;
    this.timeBounds = timeBounds;
  }

  /** Parses and validates one record; {@code now} is processing time. */
  public Outcome<LabelEvent> parse(RawRecord raw, long now) {
    Rejected tooBig = Rejected.ifOversized(raw, maxRecordBytes, now);
    if (tooBig != null) {
      return Outcome.rejected(tooBig);
    }
    Rejected badKey = RecordKeys.problem(raw, maxKeyBytes, now);
    if (badKey != null) {
      return Outcome.rejected(badKey);
    }
    Label l;
    try {
      l = labels.decode(raw.value);
    } catch (RuntimeException e) {
      return Outcome.rejected(Rejected.of(raw, Rejected.PARSE, EventParser.describe(e), now));
    }
    String problem = blank("eventId", l.getEventId());
    if (problem == null) {
      problem = blank("source", l.getSource());
    }
    if (problem == null) {
      problem = timeBounds.problem("labelTime", l.getLabelTime(), now);
    }
    return problem == null
        ? Outcome.ok(LabelEvent.of(l, raw))
        : Outcome.rejected(Rejected.of(raw, Rejected.VALIDATE, problem, now));
  }

  private static String blank(String field, String value) {
    return value == null || value.isBlank() ? field + ": must not be blank" : null;
  }
}
