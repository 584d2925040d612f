package io.osprey.ingest.parse;

import io.osprey.ingest.model.LabelEvent;

/** Raw label records in; valid labels out, everything else to {@link DeadLetters#TAG}. */
public class ParseLabels extends ParseRecords<LabelEvent> {
  private static final long serialVersionUID = 1L;

  private final int maxRecordBytes;
  private final int maxKeyBytes;
  private final TimeBounds timeBounds;

  public ParseLabels(int maxRecordBytes, int maxKeyBytes, TimeBounds timeBounds) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxKeyBytes = maxKeyBytes;
    this.timeBounds = timeBounds;
  }

  @Override
  Parser<LabelEvent> newParser() {
    return new LabelParser(maxRecordBytes, maxKeyBytes, timeBounds)::parse;
  }
}
