package io.osprey.ingest.parse;

import io.osprey.ingest.IngestSettings;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The plausible range of every timestamp the job reads (event time fields and label times): not
 * before {@link IngestSettings#TIME_EARLIEST}, not more than {@link IngestSettings#TIME_MAX_FUTURE}
 * after the job's clock. The defaults catch a producer that writes seconds instead of milliseconds
 * (which reads as January 1970) and clocks far ahead; a replay of history older than 2000 moves the
 * earliest bound. A rejection names the bound crossed and the setting that moves it.
 *
 * @param earliest the earliest plausible time, epoch milliseconds
 * @param maxFutureMillis how far after processing time a timestamp may be (clock skew)
 */
public record TimeBounds(long earliest, long maxFutureMillis) implements Serializable {

  /** Today's rule: 2000-01-01 to one day ahead. */
  public static final TimeBounds DEFAULT =
      of(
          IngestSettings.TIME_EARLIEST.defaultValue(),
          IngestSettings.TIME_MAX_FUTURE.defaultValue());

  public static TimeBounds of(Instant earliest, Duration maxFuture) {
    return new TimeBounds(earliest.toEpochMilli(), maxFuture.toMillis());
  }

  /** Why {@code millis} of {@code field} is implausible at processing time {@code now}, or null. */
  public String problem(String field, long millis, long now) {
    if (millis < earliest) {
      return field
          + ": "
          + millis
          + " is before "
          + IngestSettings.TIME_EARLIEST.textOf(Instant.ofEpochMilli(earliest))
          + ", the earliest plausible time (seconds instead of milliseconds read as 1970;"
          + " older history: set "
          + IngestSettings.TIME_EARLIEST.key()
          + ")";
    }
    if (millis > now + maxFutureMillis) {
      return field
          + ": "
          + Instant.ofEpochMilli(millis)
          + " is more than "
          + IngestSettings.TIME_MAX_FUTURE.textOf(Duration.ofMillis(maxFutureMillis))
          + " after the job's clock ("
          + Instant.ofEpochMilli(now)
          + "; set "
          + IngestSettings.TIME_MAX_FUTURE.key()
          + ")";
    }
    return null;
  }
}
