package io.osprey.system.monitor;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One moment of the running system, printable as the demo's status line or as its final one-line
 * JSON summary. Latencies are milliseconds; precision and recall are NaN until labels mature (JSON
 * null). The served model's age is event time since the end of its training window and the events
 * it scored since ({@code modelAgeMillis} -1: unknown, nothing scored by a model yet).
 */
public record StatusReport(
    long events,
    long predictions,
    long deadLetters,
    long modelVersion,
    double latencyP50Ms,
    double latencyP99Ms,
    double precision,
    double recall,
    long maturedLabels,
    long ingestRestarts,
    long modelAgeMillis,
    long modelAgeEvents) {

  /** A report without the served model's age. */
  public StatusReport(
      long events,
      long predictions,
      long deadLetters,
      long modelVersion,
      double latencyP50Ms,
      double latencyP99Ms,
      double precision,
      double recall,
      long maturedLabels,
      long ingestRestarts) {
    this(
        events,
        predictions,
        deadLetters,
        modelVersion,
        latencyP50Ms,
        latencyP99Ms,
        precision,
        recall,
        maturedLabels,
        ingestRestarts,
        -1,
        0);
  }

  /** A report of a system whose ingest job has not restarted. */
  public StatusReport(
      long events,
      long predictions,
      long deadLetters,
      long modelVersion,
      double latencyP50Ms,
      double latencyP99Ms,
      double precision,
      double recall,
      long maturedLabels) {
    this(
        events,
        predictions,
        deadLetters,
        modelVersion,
        latencyP50Ms,
        latencyP99Ms,
        precision,
        recall,
        maturedLabels,
        0);
  }

  /**
   * The report of what {@code monitor} saw: events in are the records on {@code transactions},
   * whoever sent them, not only the simulator's.
   */
  public static StatusReport of(SystemMonitor monitor, Histogram latency, long modelVersion) {
    return of(monitor, latency, modelVersion, -1, 0);
  }

  /** As {@link #of(SystemMonitor, Histogram, long)}, with the served model's age. */
  public static StatusReport of(
      SystemMonitor monitor,
      Histogram latency,
      long modelVersion,
      long modelAgeMillis,
      long modelAgeEvents) {
    LivePerformance performance = monitor.performance();
    return new StatusReport(
        monitor.eventsIn(),
        monitor.predictions(),
        monitor.deadLetters(),
        modelVersion,
        percentileMs(latency, 50),
        percentileMs(latency, 99),
        performance.precision(),
        performance.recall(),
        performance.matured(),
        monitor.ingestRestarts(),
        modelAgeMillis,
        modelAgeEvents);
  }

  private static double percentileMs(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0
        ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** The human status line printed every few seconds. */
  public String statusLine(long elapsedSeconds) {
    return String.format(
            Locale.ROOT,
            "[osprey %3ds] events in %,d | predictions out %,d | dead letters %,d | latency p50 %s p99 %s"
                + " | model %s | precision %s recall %s (%,d matured)",
            elapsedSeconds,
            events,
            predictions,
            deadLetters,
            ms(latencyP50Ms),
            ms(latencyP99Ms),
            modelVersion == 0 ? "fallback rule" : "v" + modelVersion + age(),
            ratio(precision),
            ratio(recall),
            maturedLabels)
        // A job that restarts over and over scores nothing; say so where everyone looks.
        + (ingestRestarts == 0
            ? ""
            : String.format(Locale.ROOT, " | ingest restarts %,d", ingestRestarts));
  }

  /** The final summary: one JSON object on one line. */
  public String summaryJson() {
    return String.format(
        Locale.ROOT,
        "{\"events\":%d,\"predictions\":%d,\"deadLetters\":%d,\"modelVersion\":%d,"
            + "\"latencyP50Ms\":%s,\"latencyP99Ms\":%s,\"precision\":%s,\"recall\":%s}",
        events,
        predictions,
        deadLetters,
        modelVersion,
        json(latencyP50Ms),
        json(latencyP99Ms),
        json(precision),
        json(recall));
  }

  /** " (age 2h05m, 1,234 events)" in event time, or nothing while unknown. */
  private String age() {
    if (modelAgeMillis < 0) {
      return "";
    }
    long minutes = modelAgeMillis / 60_000;
    String time =
        minutes < 60
            ? String.format(Locale.ROOT, "%dm%02ds", minutes, modelAgeMillis / 1000 % 60)
            : minutes < 48 * 60
                ? String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60)
                : String.format(Locale.ROOT, "%dd%02dh", minutes / 1440, minutes / 60 % 24);
    return String.format(Locale.ROOT, " (age %s, %,d events)", time, modelAgeEvents);
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f ms", value);
  }

  private static String ratio(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String json(double value) {
    return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.4f", value);
  }
}
