package io.osprey.sources.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a row's event time comes from. The event carries it as epoch milliseconds under {@link
 * #field()}.
 */
public sealed interface EventTime {

  /** The event time of {@code row} (number {@code rowNumber} of the file), in epoch millis. */
  long of(Map<String, Object> row, long rowNumber) throws BadRowException;

  /** The event field that holds the time. */
  String field();

  /**
   * A column of the file: epoch numbers in {@code unit}, date-time text ({@link Instants}), or a
   * timestamp the file types itself (Parquet).
   */
  record FromColumn(String column, EpochUnit unit) implements EventTime {
    @Override
    public long of(Map<String, Object> row, long rowNumber) throws BadRowException {
      Object value = RowValues.required(row, column);
      if (value instanceof Number number) {
        return unit.toMillis(number.doubleValue());
      }
      try {
        return Instants.parse(value.toString()).toEpochMilli();
      } catch (IllegalArgumentException e) {
        throw new BadRowException("'" + column + "': " + e.getMessage());
      }
    }

    @Override
    public String field() {
      return column;
    }
  }

  /**
   * A time synthesized for a file that has none: {@code base + (n - 1) × step}, where n is the
   * value of {@code sequenceColumn} (a per-entity reading number, say), or the row number when that
   * is null. Written to the event as {@code field}.
   */
  record Synthesized(String sequenceColumn, Instant base, Duration step, String field)
      implements EventTime {
    /** A base after 2000 and well before now, both of which ingest requires of event times. */
    public static final Instant DEFAULT_BASE = Instant.parse("2010-06-01T00:00:00Z");

    /** The field of a synthesized time unless one is named. */
    public static final String DEFAULT_FIELD = "time";

    @Override
    public long of(Map<String, Object> row, long rowNumber) throws BadRowException {
      long n = sequenceColumn == null ? rowNumber : RowValues.integer(row, sequenceColumn);
      return base.toEpochMilli() + (n - 1) * step.toMillis();
    }
  }
}
