package io.osprey.sources.simulator;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * Terminals (a skimmer on a card reader, a rogue merchant, a breached online checkout) that turn
 * bad for a while: from the moment one is compromised until {@code durationMillis} of event time
 * later, each of its payments is fraud with probability {@code share}. Those payments are the card
 * holders' usual ones (their habits, amounts, devices), so nothing about the card says so; only the
 * terminal's recent fraud, once its first labels are in, does.
 */
final class CompromisedTerminals {
  private static final int SWEEP_EVERY = 10_000;

  private final double rate;
  private final long durationMillis;
  private final double share;

  /** Compromised terminal → the event time at which it is clean again. */
  private final Map<String, Long> until = new HashMap<>();

  private int sinceSweep;

  CompromisedTerminals(double rate, long durationMillis, double share) {
    this.rate = rate;
    this.durationMillis = durationMillis;
    this.share = share;
  }

  /**
   * Whether a payment at {@code terminal} at event time {@code t} is fraud; with probability {@code
   * rate} the terminal becomes compromised first (weighting compromises by traffic, as busy
   * terminals are the ones worth attacking).
   */
  boolean strikes(String terminal, long t, Random random) {
    if (rate > 0 && random.nextDouble() < rate) {
      until.merge(terminal, t + durationMillis, Math::max);
    }
    if (++sinceSweep >= SWEEP_EVERY) {
      sweep(t);
    }
    Long end = until.get(terminal);
    return end != null && t < end && random.nextDouble() < share;
  }

  /** Terminals compromised now (for tests and the README's figures). */
  int active(long t) {
    return (int) until.values().stream().filter(end -> t < end).count();
  }

  private void sweep(long t) {
    sinceSweep = 0;
    for (Iterator<Long> ends = until.values().iterator(); ends.hasNext(); ) {
      if (ends.next() <= t) {
        ends.remove();
      }
    }
  }
}
