package io.osprey.trainer.drift;

import io.osprey.schema.MonitoringEvent;
import java.util.Locale;

/**
 * One comparison of a live window with the served model's reference: what ({@code feature}: a
 * feature's name, {@code score}, {@code decline_share} or {@code error}), how ({@code statistic}),
 * the value and the threshold it is an alert at, over which window, for which model version.
 *
 * @param scope feature, prediction or performance
 * @param window events (or matured labels) the reading covers
 * @param windowStart event time of the window's first record
 * @param windowEnd event time of its last
 */
public record DriftReading(
    String scope,
    String feature,
    String statistic,
    double value,
    double threshold,
    long window,
    long modelVersion,
    long windowStart,
    long windowEnd) {

  public static final String KIND = "drift";
  public static final String COMPONENT = "drift-monitor";
  public static final String FEATURE = "feature";
  public static final String PREDICTION = "prediction";
  public static final String PERFORMANCE = "performance";

  /** Below the threshold INFO (a reading), at or above WARN, at twice or more CRITICAL. */
  public String severity() {
    if (!(value >= threshold)) {
      return "INFO";
    }
    return value >= 2 * threshold ? "CRITICAL" : "WARN";
  }

  /** Whether this reading is an alert, which may set off an action. */
  public boolean alert() {
    return !"INFO".equals(severity());
  }

  /** {@code drift.<scope>.<feature>.<statistic>}: the event's metric and key. */
  public String metric() {
    return "drift." + scope + "." + feature + "." + statistic;
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s %s of %s = %.4f (threshold %.4f) over %d, model v%d",
        severity(),
        statistic,
        feature,
        value,
        threshold,
        window,
        modelVersion);
  }

  public MonitoringEvent toEvent(long now) {
    return MonitoringEvent.newBuilder()
        .setKind(KIND)
        .setComponent(COMPONENT)
        .setMetric(metric())
        .setValue(Double.isFinite(value) ? value : Double.MAX_VALUE)
        .setWindowStart(windowStart)
        .setWindowEnd(windowEnd)
        .setModelVersion(modelVersion)
        .setSeverity(severity())
        .setDetail(
            String.format(
                Locale.ROOT,
                "scope=%s feature=%s statistic=%s window=%d",
                scope,
                feature,
                statistic,
                window))
        .setTime(now)
        .setFeature(feature)
        .setStatistic(statistic)
        .setThreshold(threshold)
        .build();
  }
}
