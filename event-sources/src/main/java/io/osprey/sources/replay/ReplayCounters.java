package io.osprey.sources.replay;

import java.util.concurrent.atomic.AtomicLong;

/** What a running replay has done so far; written by the replay, read by the progress display. */
final class ReplayCounters {
  final AtomicLong events = new AtomicLong();
  final AtomicLong labels = new AtomicLong();
  final AtomicLong positives = new AtomicLong();
  final AtomicLong unacknowledged = new AtomicLong();
  private volatile long clock = Long.MIN_VALUE;
  private volatile long expectedEvents = -1;

  /** The replay's event-time clock: the time of the last record sent. */
  long clock() {
    return clock;
  }

  void advanceClock(long eventTime) {
    clock = eventTime;
  }

  /** Events the replay expects to send, or -1 when unknown. */
  long expectedEvents() {
    return expectedEvents;
  }

  void expectEvents(long count) {
    expectedEvents = count;
  }
}
