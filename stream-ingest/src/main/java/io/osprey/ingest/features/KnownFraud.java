package io.osprey.ingest.features;

/**
 * How many of a key's earlier events were labelled fraud by what was known before the event being
 * computed, asked of one window at a time ({@code fraud_count}, {@code fraud_rate}). An entity's
 * own history reads no labels ({@link #NONE}); the keyed operator answers from the few labelled
 * events of the key, which carry their event's time, rather than by looking up each event of the
 * window (so a group with only {@code fraud_count} needs no events kept at all).
 */
public interface KnownFraud {
  KnownFraud NONE = from -> 0;

  /** How many earlier events with an event time after {@code from} count as fraud. */
  int countAfter(long from);
}
