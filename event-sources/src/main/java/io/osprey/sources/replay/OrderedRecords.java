package io.osprey.sources.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * A file's records in event-time order, within the slice: streamed when the file is in order,
 * sorted in memory otherwise (see {@link EventOrder}). Rows that cannot be mapped are counted in
 * {@link BadRows} and skipped.
 */
final class OrderedRecords implements Iterator<ReplayRecord> {
  /** Event time, then file order: a stable sort. */
  static final Comparator<ReplayRecord> EVENT_TIME_ORDER =
      Comparator.comparingLong(ReplayRecord::eventTime).thenComparingLong(ReplayRecord::rowNumber);

  private final Iterator<ReplayRecord> records;
  private final OptionalLong total;

  private OrderedRecords(Iterator<ReplayRecord> records, OptionalLong total) {
    this.records = records;
    this.total = total;
  }

  static OrderedRecords of(
      RowSource source,
      RowMapper mapper,
      ReplaySlice slice,
      EventOrder order,
      long maxSortRows,
      BadRows badRows,
      String fileName) {
    if (order == EventOrder.SORT) {
      List<ReplayRecord> sorted = sortInMemory(source, mapper, slice, maxSortRows, badRows);
      return new OrderedRecords(sorted.iterator(), OptionalLong.of(sorted.size()));
    }
    OptionalLong total = OptionalLong.empty();
    if (slice.limited() && (slice.hasTimeBounds() || source.rowCount().isEmpty())) {
      total = OptionalLong.of(slice.limit()); // at most; the file may end first
    } else if (!slice.hasTimeBounds() && source.rowCount().isPresent()) {
      total = OptionalLong.of(Math.min(slice.limit(), source.rowCount().getAsLong()));
    }
    return new OrderedRecords(new Streamed(source, mapper, slice, badRows, fileName), total);
  }

  /** How many records there will be, when known before the end. */
  OptionalLong expectedTotal() {
    return total;
  }

  @Override
  public boolean hasNext() {
    return records.hasNext();
  }

  @Override
  public ReplayRecord next() {
    return records.next();
  }

  /**
   * Reads the slice into memory and sorts it. With a limit, only the {@code limit} earliest records
   * are kept (a bounded heap), so a limit also bounds the memory.
   */
  private static List<ReplayRecord> sortInMemory(
      RowSource source, RowMapper mapper, ReplaySlice slice, long maxSortRows, BadRows badRows) {
    PriorityQueue<ReplayRecord> earliest = new PriorityQueue<>(EVENT_TIME_ORDER.reversed());
    while (source.hasNext()) {
      SourceRow row = source.next();
      ReplayRecord record;
      try {
        record = mapper.map(row);
      } catch (BadRowException e) {
        badRows.add(row.number(), e.getMessage());
        continue;
      }
      if (slice.beforeStart(record.eventTime()) || slice.pastEnd(record.eventTime())) {
        continue;
      }
      earliest.add(record);
      if (earliest.size() > slice.limit()) {
        earliest.poll(); // drop the latest
      }
      if (earliest.size() > maxSortRows) {
        throw new ReplayException(
            "more than "
                + String.format("%,d", maxSortRows)
                + " rows to sort in memory (replay.max.sort.rows). Replay a slice (--limit,"
                + " --from/--until), raise the limit with --set replay.max.sort.rows=N (about"
                + " 0.3 KB of heap per row), or, if the file is already in event-time order,"
                + " stream it with --order sorted.");
      }
    }
    List<ReplayRecord> sorted = new ArrayList<>(earliest);
    sorted.sort(EVENT_TIME_ORDER);
    return sorted;
  }

  /** A file in event-time order, read as it is sent. */
  private static final class Streamed implements Iterator<ReplayRecord> {
    private final RowSource source;
    private final RowMapper mapper;
    private final ReplaySlice slice;
    private final BadRows badRows;
    private final String fileName;
    private ReplayRecord previous;
    private ReplayRecord next;
    private long returned;
    private boolean done;

    Streamed(
        RowSource source, RowMapper mapper, ReplaySlice slice, BadRows badRows, String fileName) {
      this.source = source;
      this.mapper = mapper;
      this.slice = slice;
      this.badRows = badRows;
      this.fileName = fileName;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        if (returned >= slice.limit() || !source.hasNext()) {
          done = true;
          break;
        }
        SourceRow row = source.next();
        ReplayRecord record;
        try {
          record = mapper.map(row);
        } catch (BadRowException e) {
          badRows.add(row.number(), e.getMessage());
          continue;
        }
        checkOrder(record);
        previous = record;
        if (slice.pastEnd(record.eventTime())) {
          done = true; // every later row is later still
        } else if (!slice.beforeStart(record.eventTime())) {
          next = record;
        }
      }
      return next != null;
    }

    private void checkOrder(ReplayRecord record) {
      if (previous != null && record.eventTime() < previous.eventTime()) {
        throw new ReplayException(
            "row "
                + record.rowNumber()
                + " of "
                + fileName
                + " ("
                + Instant.ofEpochMilli(record.eventTime())
                + ") is earlier than row "
                + previous.rowNumber()
                + " ("
                + Instant.ofEpochMilli(previous.eventTime())
                + "): the file is not in event-time order. Replay it with --order sort (in"
                + " memory), or sort the file first.");
      }
    }

    @Override
    public ReplayRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ReplayRecord record = next;
      next = null;
      returned++;
      return record;
    }
  }
}
