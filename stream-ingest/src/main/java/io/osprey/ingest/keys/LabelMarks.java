package io.osprey.ingest.keys;

/**
 * The labels one key has received for one of its events ({@code keyed-features} state), in arrival
 * order, and the event's time: enough to say what was known of the event at any later time, so a
 * correction counts only from when it was known, and whether the event lies in a window without
 * finding it among the key's events. At most {@link #MAX} are kept (the oldest received are
 * dropped: a flood of labels for one event cannot grow the state).
 */
public class LabelMarks {
  static final int MAX = 16;

  /** The labelled event's event time (0 in state written before it was kept: never in a window). */
  public long eventTime;

  public long[] labelTimes;
  public boolean[] fraud;

  public LabelMarks() {}

  /**
   * Marks of an event at {@code eventTime}: the labels of {@code earlier} (null: none yet; marks
   * restored from state written before the event's time was kept carry 0 and get it here).
   */
  static LabelMarks of(long eventTime, LabelMarks earlier) {
    LabelMarks m = new LabelMarks();
    m.eventTime = eventTime;
    m.labelTimes = earlier == null ? new long[0] : earlier.labelTimes;
    m.fraud = earlier == null ? new boolean[0] : earlier.fraud;
    return m;
  }

  LabelMarks with(long labelTime, boolean isFraud) {
    int from = labelTimes.length >= MAX ? 1 : 0;
    LabelMarks m = new LabelMarks();
    m.eventTime = eventTime;
    m.labelTimes = new long[labelTimes.length - from + 1];
    m.fraud = new boolean[m.labelTimes.length];
    System.arraycopy(labelTimes, from, m.labelTimes, 0, labelTimes.length - from);
    System.arraycopy(fraud, from, m.fraud, 0, fraud.length - from);
    m.labelTimes[m.labelTimes.length - 1] = labelTime;
    m.fraud[m.fraud.length - 1] = isFraud;
    return m;
  }

  /**
   * Whether the latest label with a {@code labelTime} before {@code before} says fraud (the larger
   * {@code labelTime} wins, on a tie the one received last, as in the label join); false with none.
   */
  boolean fraudBefore(long before) {
    int best = -1;
    for (int i = 0; i < labelTimes.length; i++) {
      if (labelTimes[i] < before && (best < 0 || labelTimes[i] >= labelTimes[best])) {
        best = i;
      }
    }
    return best >= 0 && fraud[best];
  }
}
