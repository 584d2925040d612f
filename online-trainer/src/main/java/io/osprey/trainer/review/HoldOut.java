package io.osprey.trainer.review;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The recent matured examples that no model of this trainer is trained on, kept to compare a
 * candidate with the champion (and the champion with its predecessor) on the same data, and to fit
 * the candidate's calibration. Which examples are held out depends only on the event id ({@link
 * #isHeldOut}), so a restarted trainer holds out the same ones and never trains on an example it
 * once held out.
 *
 * <p>"Recent" is a sliding window in event time: an example older than {@code window} before the
 * newest event time seen ({@link #advanceTo}) is dropped, so on a drifting stream candidates are
 * judged on what the stream looks like now, not on everything since the start. The window never
 * shrinks below {@code floor} examples (the gate's minimum), so a quiet stream keeps its latest
 * examples rather than leave the gate with nothing to judge on; {@code capacity} bounds memory on a
 * busy one. Nor does it drop a positive that would leave fewer than {@value #MIN_POSITIVES}: with
 * rare positives a recent window can otherwise hold none, and the gate could judge nothing. This
 * class is the one owner of what "recent held-out" means.
 *
 * <p>Owned by the training thread.
 */
public final class HoldOut {
  /** The window keeps at least this many positives (when it ever had them), however old. */
  static final int MIN_POSITIVES = 10;

  private final double fraction;
  private final int capacity;
  private final long windowMillis;
  private final int floor;
  private final Deque<Row> rows = new ArrayDeque<>();
  private long newestEventTime = Long.MIN_VALUE;
  private int positives;

  private record Row(double[] values, double label, long eventTime) {}

  /**
   * A hold-out bounded by count only: the {@code capacity} most recent held-out examples.
   *
   * @param fraction share of examples held out, in [0, 1)
   */
  public HoldOut(double fraction, int capacity) {
    this(fraction, capacity, Duration.ZERO, 0);
  }

  /**
   * @param fraction share of examples held out, in [0, 1)
   * @param capacity how many of the most recent held-out examples are kept at most
   * @param window how far back in event time from the newest example a held-out example is kept;
   *     zero: no limit in time
   * @param floor the window never drops examples below this many
   */
  public HoldOut(double fraction, int capacity, Duration window, int floor) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("the held-out fraction must be in [0, 1)");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("the hold-out needs room for at least one example");
    }
    if (window.isNegative() || floor < 0) {
      throw new IllegalArgumentException("the window and its floor must not be negative");
    }
    this.fraction = fraction;
    this.capacity = capacity;
    this.windowMillis = window.toMillis();
    this.floor = floor;
  }

  /** Whether the example of {@code eventId} is held out: a stable hash, not a random draw. */
  public boolean isHeldOut(String eventId) {
    if (fraction == 0) {
      return false;
    }
    // Murmur-style finaliser over String.hashCode spreads similar ids ("evt-1", "evt-2").
    long h = eventId.hashCode() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    double unit = (h >>> 11) * 0x1.0p-53;
    return unit < fraction;
  }

  /**
   * The stream has reached {@code eventTime}: examples added from now on are stamped with it (a
   * mini-batch's latest event time, close enough for a window of hours or days), and examples that
   * fell out of the window are dropped.
   */
  public void advanceTo(long eventTime) {
    if (eventTime > newestEventTime) {
      newestEventTime = eventTime;
      evictOld();
    }
  }

  public void add(double[] values, boolean fraud) {
    rows.addLast(new Row(values, fraud ? 1 : 0, newestEventTime));
    positives += fraud ? 1 : 0;
    if (rows.size() > capacity) {
      removeOldest();
    }
    evictOld();
  }

  private void removeOldest() {
    positives -= rows.removeFirst().label() >= 0.5 ? 1 : 0;
  }

  private void evictOld() {
    if (windowMillis <= 0 || newestEventTime == Long.MIN_VALUE) {
      return;
    }
    long oldestKept = newestEventTime - windowMillis;
    while (rows.size() > floor && rows.peekFirst().eventTime() < oldestKept) {
      Row oldest = rows.peekFirst();
      if (oldest.label() >= 0.5 && positives <= MIN_POSITIVES) {
        break; // on rare positives, older examples stay rather than leave none to rank
      }
      removeOldest();
    }
  }

  /** The event time the oldest kept example was stamped with; empty hold-out: none. */
  public java.util.OptionalLong oldestEventTime() {
    return rows.isEmpty()
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(rows.peekFirst().eventTime());
  }

  public int size() {
    return rows.size();
  }

  public long positives() {
    return positives;
  }

  public double[][] features() {
    return rows.stream().map(Row::values).toArray(double[][]::new);
  }

  public double[] labels() {
    return rows.stream().mapToDouble(Row::label).toArray();
  }
}
