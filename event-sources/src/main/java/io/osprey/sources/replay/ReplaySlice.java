package io.osprey.sources.replay;

import java.time.Instant;

/**
 * The part of a file to replay: at most {@code limit} events, with event times in {@code [from,
 * until)}. Bounds are applied after ordering, so a limit keeps the earliest events.
 *
 * @param from first event time included, or {@code null}
 * @param until first event time excluded, or {@code null}
 */
public record ReplaySlice(long limit, Instant from, Instant until) {
  public static final ReplaySlice ALL = new ReplaySlice(Long.MAX_VALUE, null, null);

  public ReplaySlice {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    if (from != null && until != null && !from.isBefore(until)) {
      throw new IllegalArgumentException("--from " + from + " is not before --until " + until);
    }
  }

  public static ReplaySlice firstRows(long limit) {
    return new ReplaySlice(limit, null, null);
  }

  boolean limited() {
    return limit != Long.MAX_VALUE;
  }

  boolean hasTimeBounds() {
    return from != null || until != null;
  }

  boolean beforeStart(long eventTime) {
    return from != null && eventTime < from.toEpochMilli();
  }

  boolean pastEnd(long eventTime) {
    return until != null && eventTime >= until.toEpochMilli();
  }
}
