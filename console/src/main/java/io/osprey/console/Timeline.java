package io.osprey.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed number of one-second points of named series, oldest first, in the column layout chart
 * libraries take ({@code t} in epoch seconds, then one array per series; {@code null} where a
 * figure was undefined that second). Not thread-safe: {@link ConsoleState} guards it.
 */
final class Timeline {
  private final int capacity;
  private final List<String> series;
  private final long[] times;
  private final Double[][] values;
  private int start;
  private int size;

  Timeline(int capacity, List<String> series) {
    this.capacity = capacity;
    this.series = List.copyOf(series);
    this.times = new long[capacity];
    this.values = new Double[series.size()][capacity];
  }

  /** Appends the point of second {@code epochSecond}; {@code point} names some of the series. */
  void add(long epochSecond, Map<String, Double> point) {
    int slot = (start + size) % capacity;
    if (size == capacity) {
      start = (start + 1) % capacity;
    } else {
      size++;
    }
    times[slot] = epochSecond;
    for (int s = 0; s < series.size(); s++) {
      values[s][slot] = point.get(series.get(s));
    }
  }

  int size() {
    return size;
  }

  /** {@code {"t": [...], "<series>": [...], ...}}, oldest first. */
  Map<String, Object> columns() {
    Map<String, Object> columns = new LinkedHashMap<>();
    long[] t = new long[size];
    for (int i = 0; i < size; i++) {
      t[i] = times[(start + i) % capacity];
    }
    columns.put("t", t);
    for (int s = 0; s < series.size(); s++) {
      Double[] column = new Double[size];
      for (int i = 0; i < size; i++) {
        column[i] = values[s][(start + i) % capacity];
      }
      columns.put(series.get(s), column);
    }
    return columns;
  }
}
