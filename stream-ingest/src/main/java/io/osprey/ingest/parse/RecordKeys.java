package io.osprey.ingest.parse;

import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.codec.StrictUtf8;

/**
 * The Kafka key of an input record, checked whatever the record's value: producers key by entity
 * id, so a key is short UTF-8 text or absent. The job never reads the key, but it travels on in
 * dead letters, so an unbounded key could make one too large to write, and a key that is not text
 * would reach every reader of the dead-letter topic that takes keys as strings.
 */
final class RecordKeys {
  private RecordKeys() {}

  /** The dead letter of a key that is too large or not UTF-8; null for a good key or none. */
  static Rejected problem(RawRecord raw, int maxKeyBytes, long now) {
    if (raw.key == null) {
      return null;
    }
    Rejected tooLarge = Rejected.ifKeyTooLarge(raw, maxKeyBytes, now);
    if (tooLarge != null) {
      return tooLarge;
    }
    String notText = StrictUtf8.problem(raw.key);
    return notText == null ? null : Rejected.of(raw, Rejected.PARSE, "key: " + notText, now);
  }
}
