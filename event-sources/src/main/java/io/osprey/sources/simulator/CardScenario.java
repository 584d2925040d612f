package io.osprey.sources.simulator;

import java.util.List;
import java.util.Random;

/**
 * A fraud episode on one card: the payments a fraudster makes with it, each due at its own event
 * time (the first at the episode's start), every one of them fraud.
 */
interface CardScenario {
  /** The scenario's name, the {@code pattern} of its events. */
  String name();

  /** The episode's payments on {@code card}, starting at {@code start} (event time, ms). */
  List<Draft> episode(Card card, long start, Random random);

  /** Milliseconds between {@code minSeconds} and {@code maxSeconds}, uniformly. */
  static long gap(Random random, int minSeconds, int maxSeconds) {
    return 1000L * (minSeconds + random.nextInt(maxSeconds - minSeconds + 1));
  }

  static double round(double amount) {
    return Math.max(0.01, Math.round(amount * 100) / 100.0);
  }
}
