package io.osprey.ingest.parse;

import io.osprey.ingest.model.Event;
import io.osprey.schema.features.FeatureSpec;

/**
 * Raw records of the events topic ({@code transactions}) in; events of the spec's shape out,
 * everything else to {@link DeadLetters#TAG}. The parsed spec travels with the function, so task
 * managers never read the spec file.
 */
public class ParseEvents extends ParseRecords<Event> {
  private static final long serialVersionUID = 1L;

  private final int maxRecordBytes;
  private final int maxKeyBytes;
  private final TimeBounds timeBounds;
  private final FeatureSpec spec;

  public ParseEvents(int maxRecordBytes, int maxKeyBytes, FeatureSpec spec, TimeBounds timeBounds) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxKeyBytes = maxKeyBytes;
    this.spec = spec;
    this.timeBounds = timeBounds;
  }

  @Override
  Parser<Event> newParser() {
    return new EventParser(maxRecordBytes, maxKeyBytes, spec, timeBounds)::parse;
  }
}
