package io.osprey.sources.replay;

/**
 * One row ready to send: the event as JSON bytes with its key and time, and its verdict.
 *
 * @param rowNumber the row's position in the file; breaks ties between equal event times
 * @param verdict the row's label, or {@code null} when the dataset has none
 */
public record ReplayRecord(
    long rowNumber, long eventTime, String key, String eventId, byte[] event, Verdict verdict) {

  /** A label and the event time at which it becomes known. */
  public record Verdict(boolean positive, long labelTime) {}
}
