package io.osprey.trainer.publication;

import java.time.Duration;
import java.util.Objects;

/**
 * When the trainer publishes a new model version: after {@code everyExamples} newly trained
 * examples, or once {@code interval} has passed since the last publication, whichever comes first
 * and only if something new was learned (an unchanged model is never republished).
 *
 * <p>Publishing often lets the scorer follow the stream closely; each version is one compacted
 * record of a few kilobytes, so the cost is small. The interval bounds staleness on quiet streams.
 *
 * @param everyExamples count trigger; 0 disables it
 * @param interval time trigger
 */
public record PublishPolicy(int everyExamples, Duration interval) {
  public PublishPolicy {
    Objects.requireNonNull(interval, "interval");
    if (everyExamples < 0) {
      throw new IllegalArgumentException("everyExamples must not be negative");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
  }

  /**
   * @param examplesSinceLast examples trained since the last publication (or since start)
   * @param millisSinceLast wall-clock time since the last publication (or since start)
   */
  public boolean isDue(long examplesSinceLast, long millisSinceLast) {
    if (examplesSinceLast <= 0) {
      return false;
    }
    boolean byCount = everyExamples > 0 && examplesSinceLast >= everyExamples;
    return byCount || millisSinceLast >= interval.toMillis();
  }
}
