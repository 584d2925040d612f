package io.osprey.sources.simulator;

import io.osprey.schema.Label;
import io.osprey.schema.Transaction;

/**
 * One generated payment and the truth about it. Fraud is labelled; so is a small share of genuine
 * payments (analyst reviews), the rest mature into negatives.
 *
 * @param label the verdict that will arrive later, or null if none ever arrives
 * @param pattern which behaviour produced the event ({@code normal}, {@code card-testing}, {@code
 *     account-takeover}, {@code stolen-card}, {@code compromised-terminal})
 */
public record SimulatedEvent(Transaction transaction, Label label, String pattern) {
  public boolean fraud() {
    return label != null && label.getFraud();
  }
}
