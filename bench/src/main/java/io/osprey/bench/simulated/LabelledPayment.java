package io.osprey.bench.simulated;

/**
 * One row of a simulated payments file as the stand-in features read it: the keys, and the verdict
 * with the event time from which it is known.
 *
 * @param labelTime when the verdict becomes known; {@link Long#MAX_VALUE} when none ever arrives
 */
record LabelledPayment(
    String eventId,
    long eventTime,
    String cardId,
    String merchantId,
    String terminalId,
    String deviceId,
    boolean fraud,
    long labelTime) {

  /** Whether this payment is a known fraud at event time {@code t} (its label came before). */
  boolean knownFraudAt(long t) {
    return fraud && labelTime < t;
  }
}
