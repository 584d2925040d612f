package io.osprey.ingest.features;

import java.util.List;

/**
 * Which of a key's earlier events were labelled fraud by what was known before the event being
 * computed, asked of one window at a time ({@code fraud_count}, {@code fraud_rate}). An entity's
 * own history reads no labels ({@link #NONE}); the keyed operator answers from the few labelled
 * events of the key rather than by looking up each event of the window.
 */
public interface KnownFraud {
  KnownFraud NONE = window -> 0;

  /**
   * How many events of {@code window} (earlier events of the key, in one window) count as fraud.
   */
  int countIn(List<Recent> window);
}
