package io.osprey.ingest.parse;

import io.osprey.ingest.model.LabelEvent;

/** Raw label records in; valid labels out, everything else to {@link DeadLetters#TAG}. */
public class ParseLabels extends ParseRecords<LabelEvent> {
  private static final long serialVersionUID = 1L;

  private final int maxRecordBytes;

  public ParseLabels(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  Parser<LabelEvent> newParser() {
    return new LabelParser(maxRecordBytes)::parse;
  }
}
