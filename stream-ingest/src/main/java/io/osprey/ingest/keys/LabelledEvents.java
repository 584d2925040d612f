package io.osprey.ingest.keys;

import io.osprey.ingest.features.KnownFraud;
import io.osprey.ingest.features.Recent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * {@link KnownFraud} for one request of {@code keyed-features}: the key's labelled events (its
 * {@link LabelMarks}, few next to its events) whose latest label known before {@code before} says
 * fraud and which precede the request, found once; a window then counts those at or after its first
 * event. So a busy merchant's request reads its labels once, not one label lookup per event of its
 * window.
 */
final class LabelledEvents implements KnownFraud {
  private final MapState<String, LabelMarks> labels;
  private final KeyHistory history;
  private final int earlier;
  private final long before;
  private long[] fraudTimes;
  private int fraudCount;

  /**
   * @param earlier how many of {@code history}'s first events precede the request
   * @param before labels with a {@code labelTime} before this count (Long.MAX_VALUE: all received)
   */
  LabelledEvents(
      MapState<String, LabelMarks> labels, KeyHistory history, int earlier, long before) {
    this.labels = labels;
    this.history = history;
    this.earlier = earlier;
    this.before = before;
  }

  @Override
  public int countIn(List<Recent> window) {
    if (window.isEmpty()) {
      return 0;
    }
    if (fraudTimes == null) {
      find();
    }
    // The window is the preceding events from its first one on, so a preceding fraud at or
    // after that time is in it.
    long from = window.get(0).eventTime;
    int count = 0;
    for (int i = 0; i < fraudCount; i++) {
      if (fraudTimes[i] >= from) {
        count++;
      }
    }
    return count;
  }

  private void find() {
    fraudTimes = new long[4];
    try {
      for (Map.Entry<String, LabelMarks> e : labels.entries()) {
        LabelMarks marks = e.getValue();
        if (marks.fraudBefore(before) && history.holds(earlier, marks.eventTime, e.getKey())) {
          if (fraudCount == fraudTimes.length) {
            fraudTimes = Arrays.copyOf(fraudTimes, fraudCount * 2);
          }
          fraudTimes[fraudCount++] = marks.eventTime;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("reading the labels of a key", e);
    }
  }
}
