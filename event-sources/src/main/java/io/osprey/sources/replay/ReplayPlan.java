package io.osprey.sources.replay;

import java.util.Locale;
import java.util.Objects;

/**
 * One run of a replay: the dataset, the slice of it, and how fast.
 *
 * @param idPrefix prefix of generated event ids ({@code <prefix>-<row>}); the dataset's name by
 *     default, so replaying the same rows twice sends the same ids (ingest counts them as
 *     duplicates). Give a new prefix to replay them as new events.
 * @param speed event time per wall time (3600: an hour of data per second); {@link
 *     Double#POSITIVE_INFINITY} sends as fast as the producer goes
 * @param maxRate events per second of wall time at most, whatever the speed ({@link EventRate});
 *     {@link #NO_RATE_LIMIT} for none
 */
public record ReplayPlan(
    ReplayDataset dataset, String idPrefix, ReplaySlice slice, double speed, double maxRate) {
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  /** No limit on events per second. */
  public static final double NO_RATE_LIMIT = Double.POSITIVE_INFINITY;

  /** A plan held back by its speed alone. */
  public ReplayPlan(ReplayDataset dataset, String idPrefix, ReplaySlice slice, double speed) {
    this(dataset, idPrefix, slice, speed, NO_RATE_LIMIT);
  }

  public ReplayPlan {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(slice, "slice");
    if (idPrefix == null || idPrefix.isBlank()) {
      idPrefix = dataset.name();
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive or max, got " + speed);
    }
    if (!(maxRate > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + maxRate);
    }
  }

  /** The same plan, sending at most {@code eventsPerSecond} events per second of wall time. */
  public ReplayPlan atMost(double eventsPerSecond) {
    return new ReplayPlan(dataset, idPrefix, slice, speed, eventsPerSecond);
  }

  /** The whole dataset as fast as possible. */
  public static ReplayPlan flatOut(ReplayDataset dataset) {
    return new ReplayPlan(dataset, null, ReplaySlice.ALL, MAX_SPEED);
  }

  /**
   * {@code max}, or a positive factor ({@code 3600}, {@code 1.5}).
   *
   * @throws IllegalArgumentException otherwise
   */
  public static double parseSpeed(String text) {
    if (text.trim().toLowerCase(Locale.ROOT).equals("max")) {
      return MAX_SPEED;
    }
    try {
      double speed = Double.parseDouble(text.trim());
      if (speed > 0 && Double.isFinite(speed)) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "speed: expected 'max' or a positive factor (3600 = an hour of data per second), got '"
            + text
            + "'");
  }
}
