package io.osprey.bench.simulated;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One key's recent payments over a sliding event-time window, point in time: asked at event time
 * {@code t}, it sees only payments of the key with event time in {@code (t - window, t]} that came
 * before the current one (the file is in event-time order), and only the verdicts known before
 * {@code t}. This is the plain-Java stand-in for what the spec's {@code by:} and label-aware
 * aggregates compute in the ingest job.
 */
final class KeyedWindow {
  private final long windowMillis;
  private final Function<LabelledPayment, String> key;
  private final Map<String, ArrayDeque<LabelledPayment>> recent = new HashMap<>();

  KeyedWindow(long windowMillis, Function<LabelledPayment, String> key) {
    this.windowMillis = windowMillis;
    this.key = key;
  }

  /** The key's earlier payments in the window before {@code payment}, oldest first. */
  ArrayDeque<LabelledPayment> before(LabelledPayment payment) {
    String k = key.apply(payment);
    ArrayDeque<LabelledPayment> window = recent.computeIfAbsent(k, x -> new ArrayDeque<>());
    long from = payment.eventTime() - windowMillis;
    while (!window.isEmpty() && window.peekFirst().eventTime() <= from) {
      window.pollFirst();
    }
    return window;
  }

  /** Remembers {@code payment} for the key's later payments; call after reading its features. */
  void add(LabelledPayment payment) {
    recent.computeIfAbsent(key.apply(payment), x -> new ArrayDeque<>()).addLast(payment);
  }

  static int count(ArrayDeque<LabelledPayment> window) {
    return window.size();
  }

  static int knownFrauds(ArrayDeque<LabelledPayment> window, long t) {
    int n = 0;
    for (LabelledPayment p : window) {
      if (p.knownFraudAt(t)) {
        n++;
      }
    }
    return n;
  }

  static int distinct(ArrayDeque<LabelledPayment> window, Function<LabelledPayment, String> of) {
    Set<String> values = new HashSet<>();
    for (LabelledPayment p : window) {
      values.add(of.apply(p));
    }
    return values.size();
  }
}
