package io.osprey.trainer.review;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The most recent matured examples that no model of this trainer is trained on, kept to compare a
 * candidate with the champion (and the champion with its predecessor) on the same data. Which
 * examples are held out depends only on the event id ({@link #isHeldOut}), so a restarted trainer
 * holds out the same ones and never trains on an example it once held out.
 *
 * <p>Owned by the training thread.
 */
public final class HoldOut {
  private final double fraction;
  private final int capacity;
  private final Deque<Row> rows = new ArrayDeque<>();

  private record Row(double[] values, double label) {}

  /**
   * @param fraction share of examples held out, in [0, 1)
   * @param capacity how many of the most recent held-out examples are kept
   */
  public HoldOut(double fraction, int capacity) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("the held-out fraction must be in [0, 1)");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("the hold-out needs room for at least one example");
    }
    this.fraction = fraction;
    this.capacity = capacity;
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

  public void add(double[] values, boolean fraud) {
    rows.addLast(new Row(values, fraud ? 1 : 0));
    if (rows.size() > capacity) {
      rows.removeFirst();
    }
  }

  public int size() {
    return rows.size();
  }

  public long positives() {
    return rows.stream().filter(row -> row.label() >= 0.5).count();
  }

  public double[][] features() {
    return rows.stream().map(Row::values).toArray(double[][]::new);
  }

  public double[] labels() {
    return rows.stream().mapToDouble(Row::label).toArray();
  }
}
