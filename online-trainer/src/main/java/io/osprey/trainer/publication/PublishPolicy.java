package io.osprey.trainer.publication;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the trainer publishes a new model version, whichever trigger comes first and only if
 * something new was learned (an unchanged model is never republished):
 *
 * <ul>
 *   <li>{@link Trigger#COUNT}: {@code everyExamples} newly trained examples;
 *   <li>{@link Trigger#EVENT_TIME}: the trained examples have moved {@code everyEventTime} of event
 *       time past the last publication's, so a served model is never older than that in the
 *       stream's own time, however fast or slowly the stream is replayed;
 *   <li>{@link Trigger#INTERVAL}: {@code interval} of wall-clock time, for quiet streams;
 *   <li>{@link Trigger#CLEARLY_BETTER}: the learner is clearly better than the served champion on
 *       the latest matured examples ({@link RecentComparison} says what "clearly" means).
 * </ul>
 *
 * <p>Publishing often lets the scorer follow the stream closely; each version is one compacted
 * record of a few kilobytes, so the cost is small.
 *
 * @param everyExamples count trigger; 0 disables it
 * @param interval wall-clock trigger
 * @param everyEventTime event-time trigger; zero disables it
 */
public record PublishPolicy(int everyExamples, Duration interval, Duration everyEventTime) {

  /** Why a publication was due. */
  public enum Trigger {
    COUNT,
    EVENT_TIME,
    INTERVAL,
    CLEARLY_BETTER
  }

  public PublishPolicy {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(everyEventTime, "everyEventTime");
    if (everyExamples < 0) {
      throw new IllegalArgumentException("everyExamples must not be negative");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    if (everyEventTime.isNegative()) {
      throw new IllegalArgumentException("everyEventTime must not be negative");
    }
  }

  /** Count and wall-clock triggers only. */
  public PublishPolicy(int everyExamples, Duration interval) {
    this(everyExamples, interval, Duration.ZERO);
  }

  /**
   * @param examplesSinceLast examples trained since the last publication (or since start)
   * @param millisSinceLast wall-clock time since the last publication (or since start)
   */
  public boolean isDue(long examplesSinceLast, long millisSinceLast) {
    return due(examplesSinceLast, millisSinceLast, 0, false).isPresent();
  }

  /**
   * The first trigger that fires, if any.
   *
   * @param examplesSinceLast examples trained since the last publication (or since start)
   * @param millisSinceLast wall-clock time since the last publication (or since start)
   * @param eventTimeSinceLast how far the trained examples' event time has moved past the last
   *     publication's training window (or the first example's, before any)
   * @param clearlyBetter whether the learner is clearly better than the champion just now
   */
  public Optional<Trigger> due(
      long examplesSinceLast,
      long millisSinceLast,
      long eventTimeSinceLast,
      boolean clearlyBetter) {
    if (examplesSinceLast <= 0) {
      return Optional.empty();
    }
    if (everyExamples > 0 && examplesSinceLast >= everyExamples) {
      return Optional.of(Trigger.COUNT);
    }
    if (!everyEventTime.isZero() && eventTimeSinceLast >= everyEventTime.toMillis()) {
      return Optional.of(Trigger.EVENT_TIME);
    }
    if (clearlyBetter) {
      return Optional.of(Trigger.CLEARLY_BETTER);
    }
    if (millisSinceLast >= interval.toMillis()) {
      return Optional.of(Trigger.INTERVAL);
    }
    return Optional.empty();
  }
}
