package io.osprey.sources.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * What a replay sent.
 *
 * @param positives labels sent with {@code fraud = true}
 * @param labelsNotSent labels still waiting for their time when the replay was stopped
 * @param unacknowledged records the broker did not acknowledge (included in the sent counts)
 * @param stopped true when it ended before the end of its slice: interrupted (Ctrl-C), or stopped
 *     by an error such as a row out of order
 */
public record ReplaySummary(
    String dataset,
    long events,
    long labels,
    long positives,
    long badRows,
    long labelsNotSent,
    long unacknowledged,
    Duration elapsed,
    boolean stopped) {

  public double eventsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? events / seconds : 0;
  }

  /** The figures as one JSON object, for scripts (the command prints it on stdout). */
  public String json() {
    return String.format(
        Locale.ROOT,
        "{\"dataset\":\"%s\",\"events\":%d,\"labels\":%d,\"positives\":%d,\"badRows\":%d,"
            + "\"labelsNotSent\":%d,\"unacknowledged\":%d,\"seconds\":%.3f,"
            + "\"eventsPerSecond\":%.1f,\"stopped\":%b}",
        dataset.replace("\\", "\\\\").replace("\"", "\\\""),
        events,
        labels,
        positives,
        badRows,
        labelsNotSent,
        unacknowledged,
        elapsed.toNanos() / 1e9,
        eventsPerSecond(),
        stopped);
  }

  /** The one-line summary printed at the end. */
  public String line() {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "replay %s %s: %,d events, %,d labels (%,d positive), %,d bad rows skipped, %.1f s,"
                    + " %,.0f events/s",
                dataset,
                stopped ? "stopped" : "done",
                events,
                labels,
                positives,
                badRows,
                elapsed.toMillis() / 1000.0,
                eventsPerSecond()));
    if (labelsNotSent > 0) {
      text.append(String.format(Locale.ROOT, "; %,d labels not sent", labelsNotSent));
    }
    if (unacknowledged > 0) {
      text.append(String.format(Locale.ROOT, "; %,d records NOT acknowledged", unacknowledged));
    }
    return text.toString();
  }
}
