package io.osprey.scoring;

import io.osprey.schema.MonitoringEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * How old the champion this instance serves is, in the stream's own terms: the event time of the
 * newest event it scored minus the end of its training window (the envelope's {@code
 * trainingWindow.toEventTime}), and how many events it has scored since it started serving here. A
 * replay and a live stream read the same, and a frozen gate or a stopped trainer shows as an age
 * that keeps growing while events flow.
 *
 * <p>Past a limit ({@link ScoringSettings#MODEL_MAX_AGE}) one WARN alert per served version goes to
 * {@code monitoring} ({@value #METRIC}). Shared by the instance's tasks; lock-free, since it is
 * updated per record.
 */
final class ServedModelAge {
  static final String METRIC = "scoring.model.age";

  private final AtomicReference<Served> served = new AtomicReference<>();

  private record Served(
      long version,
      long trainedThrough,
      AtomicLong newestEventTime,
      LongAdder events,
      AtomicBoolean alerted) {}

  /**
   * The champion {@code model} scored an event of {@code eventTime}.
   *
   * @param limit the age that raises an alert; zero: never
   * @return the alert to publish, the first time this version's age passes the limit; else null
   */
  MonitoringEvent scored(ServedModel model, long eventTime, Duration limit, long now) {
    long limitMillis = limit.toMillis();
    Served current = served.get();
    while (current == null || current.version() < model.version()) {
      Served fresh =
          new Served(
              model.version(),
              model.trainedThrough(),
              new AtomicLong(Long.MIN_VALUE),
              new LongAdder(),
              new AtomicBoolean());
      if (served.compareAndSet(current, fresh)) {
        current = fresh;
      } else {
        current = served.get();
      }
    }
    if (current.version() != model.version()) {
      return null; // a task still on an older version for a record or two
    }
    current.events().increment();
    AtomicLong newestSeen = current.newestEventTime();
    long newest = newestSeen.get();
    while (eventTime > newest && !newestSeen.compareAndSet(newest, eventTime)) {
      newest = newestSeen.get(); // written only when time moves on: most records only read
    }
    newest = Math.max(newest, eventTime);
    long age = newest - current.trainedThrough();
    if (limitMillis > 0 && age > limitMillis && current.alerted().compareAndSet(false, true)) {
      return alert(model, age, limitMillis, now);
    }
    return null;
  }

  /**
   * Event time from the end of the served model's training window to the newest event; -1: none.
   */
  long ageMillis() {
    Served current = served.get();
    if (current == null || current.newestEventTime().get() == Long.MIN_VALUE) {
      return -1;
    }
    return Math.max(0, current.newestEventTime().get() - current.trainedThrough());
  }

  /** Events the served model has scored on this instance; 0 before any. */
  long eventsSince() {
    Served current = served.get();
    return current == null ? 0 : current.events().sum();
  }

  /** The version this age is of; 0 before any model scored. */
  long version() {
    Served current = served.get();
    return current == null ? 0 : current.version();
  }

  private static MonitoringEvent alert(
      ServedModel model, long ageMillis, long limitMillis, long now) {
    return MonitoringEvent.newBuilder()
        .setKind("alert")
        .setComponent(AdmissionEvents.COMPONENT)
        .setMetric(METRIC)
        .setValue(ageMillis / 1000.0)
        .setModelVersion(model.version())
        .setSeverity("WARN")
        .setDetail(
            String.format(
                Locale.ROOT,
                "%s v%d is %s old in event time (trained through %d), past the limit of %s:"
                    + " is the trainer publishing, and is the gate promoting?",
                model.name(),
                model.version(),
                Duration.ofMillis(ageMillis),
                model.trainedThrough(),
                Duration.ofMillis(limitMillis)))
        .setTime(now)
        .build();
  }
}
