package io.osprey.ingest.keys;

import io.osprey.ingest.features.KnownFraud;
import io.osprey.ingest.model.Event;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * {@link KnownFraud} for one request of {@code keyed-features}: the key's labelled events (its
 * {@link LabelMarks}, few next to its events) whose latest label known before the request says
 * fraud and which precede it, found once; a window then counts those after its start. So a busy
 * merchant's request reads its labels once, not one label lookup per event of its window, and a
 * group with only {@code fraud_count} keeps no window of events.
 *
 * <p>What precedes: on the event-time rule, (event time, event id) order, and labels with a {@code
 * labelTime} before the event's time; on arrival, every label received and an event time at or
 * before the request's, and, where the key keeps its events, only events that reached it before the
 * request (so a label that overtook its own event does not count for events between them; where it
 * keeps no window of them, such a label counts from its arrival, as it does once the event is
 * there).
 */
final class LabelledEvents implements KnownFraud {
  private final MapState<String, LabelMarks> labels;
  private final KeyHistory history;
  private final int earlier;
  private final Event event;
  private final boolean eventTime;
  private long[] fraudTimes;
  private int fraudCount;

  /**
   * @param history the key's events, or null where its group reads none (keeps no window)
   * @param earlier how many of {@code history}'s first events precede the request
   * @param eventTime the event-time rule, else the arrival rule
   */
  LabelledEvents(
      MapState<String, LabelMarks> labels,
      KeyHistory history,
      int earlier,
      Event event,
      boolean eventTime) {
    this.labels = labels;
    this.history = history;
    this.earlier = earlier;
    this.event = event;
    this.eventTime = eventTime;
  }

  @Override
  public int countAfter(long from) {
    if (fraudTimes == null) {
      find();
    }
    int count = 0;
    for (int i = 0; i < fraudCount; i++) {
      if (fraudTimes[i] > from) {
        count++;
      }
    }
    return count;
  }

  private void find() {
    fraudTimes = new long[4];
    long before = eventTime ? event.eventTime : Long.MAX_VALUE;
    try {
      for (Map.Entry<String, LabelMarks> e : labels.entries()) {
        LabelMarks marks = e.getValue();
        if (marks.fraudBefore(before) && precedes(marks.eventTime, e.getKey())) {
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

  private boolean precedes(long time, String eventId) {
    if (history != null) {
      return history.holds(earlier, time, eventId);
    }
    return KeyedRecent.precedes(time, eventId, event.eventTime, event.eventId, eventTime);
  }
}
