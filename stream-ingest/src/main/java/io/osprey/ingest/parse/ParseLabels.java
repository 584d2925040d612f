package io.osprey.ingest.parse;

import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.RawRecord;

/** Raw label records in; valid labels out, everything else to {@link DeadLetters#TAG}. */
public class ParseLabels extends ParseRecords<LabelEvent> {
  private static final long serialVersionUID = 1L;

  public ParseLabels(int maxRecordBytes) {
    super(maxRecordBytes);
  }

  @Override
  Outcome<LabelEvent> parse(RecordParser parser, RawRecord raw, long now) {
    return parser.label(raw, now);
  }
}
