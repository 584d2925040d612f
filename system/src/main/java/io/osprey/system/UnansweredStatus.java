package io.osprey.system;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How long a job's status requests may go unanswered before the job counts as lost. One timed-out
 * request is no problem: on a machine loaded far beyond its cores (load averages of 50-120 measured
 * here) a 2 s status request can time out while the job runs, and stopping the whole demo for it
 * ended measurement runs. Only when none has been answered for {@code limit} since the first that
 * was not is it a problem; an answer starts the count again. Thread-safe: {@code /ready} and the
 * demo's watch may ask at once.
 */
final class UnansweredStatus {
  private final Duration limit;
  private final LongSupplier nanoClock;

  /** {@code nanoClock} time of the first of the unanswered requests; null: none (0 is a time). */
  private Long since; // guarded by this

  UnansweredStatus(Duration limit, LongSupplier nanoClock) {
    this.limit = limit;
    this.nanoClock = nanoClock;
  }

  /** A status request was answered. */
  synchronized void answered() {
    since = null;
  }

  /** A status request timed out: the problem, once none has been answered for the limit. */
  synchronized Optional<String> timedOut() {
    long now = nanoClock.getAsLong();
    if (since == null) {
      since = now;
    }
    return now - since < limit.toNanos()
        ? Optional.empty()
        : Optional.of("the Flink job has not answered a status request for " + limit);
  }
}
