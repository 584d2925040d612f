package io.osprey.sources.replay;

import java.time.Duration;
import java.util.Map;

/**
 * When a row's label becomes known, in event time: the replay sends the label once its clock passes
 * that instant, so labels interleave with later events as they would in production.
 */
public sealed interface LabelTime {

  /** The label time of a row whose event happened at {@code eventTime} (epoch millis). */
  long of(Map<String, Object> row, long eventTime) throws BadRowException;

  /** A fixed delay after the event (an analyst's verdict, a sensor's later inspection). */
  record AfterDelay(Duration delay) implements LabelTime {
    @Override
    public long of(Map<String, Object> row, long eventTime) {
      return eventTime + delay.toMillis();
    }
  }

  /**
   * A column of the file that says when the label became known: epoch numbers in {@code unit} or
   * date-time text, as an event-time column (a chargeback's date, say). Never before the event.
   */
  record FromColumn(String column, EpochUnit unit) implements LabelTime {
    @Override
    public long of(Map<String, Object> row, long eventTime) throws BadRowException {
      return Math.max(eventTime, new EventTime.FromColumn(column, unit).of(row, 0));
    }
  }

  /**
   * A flight's arrival: departure + taxi time + distance at a cruising speed + the delay in
   * minutes, but never before departure (a flight can arrive early, not before it left). The speed
   * is a rough estimate: the label is only known then, so what matters is its order relative to
   * other departures, not the minute.
   */
  record OnArrival(String distanceColumn, String delayColumn, Duration taxi, double milesPerMinute)
      implements LabelTime {
    @Override
    public long of(Map<String, Object> row, long eventTime) throws BadRowException {
      double minutes =
          RowValues.number(row, distanceColumn) / milesPerMinute
              + RowValues.number(row, delayColumn);
      long arrival = eventTime + taxi.toMillis() + Math.round(minutes * 60_000d);
      return Math.max(eventTime, arrival);
    }
  }
}
