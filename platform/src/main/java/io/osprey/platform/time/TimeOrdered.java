package io.osprey.platform.time;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Searches in lists kept in event-time order (a key's history, the lake's examples): the one place
 * that finds where a time falls, so every window and split draws its bounds the same way.
 */
public final class TimeOrdered {
  private TimeOrdered() {}

  /**
   * The index of the first element of {@code ordered} (ascending by {@code time}; ties in any
   * order) whose time is after {@code t}; {@code ordered.size()} when there is none. So the
   * elements at or before {@code t} are {@code ordered.subList(0, firstAfter(...))}.
   */
  public static <T> int firstAfter(List<T> ordered, ToLongFunction<? super T> time, long t) {
    int low = 0;
    int high = ordered.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (time.applyAsLong(ordered.get(mid)) <= t) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The index of the first element whose time is at or after {@code t} (size when none). */
  public static <T> int firstAtOrAfter(List<T> ordered, ToLongFunction<? super T> time, long t) {
    return t == Long.MIN_VALUE ? 0 : firstAfter(ordered, time, t - 1);
  }
}
