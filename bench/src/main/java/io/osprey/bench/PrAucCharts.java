package io.osprey.bench;

import io.osprey.bench.quality.ModelQuality;
import io.osprey.bench.quality.QualityReport;
import io.osprey.bench.quality.WindowQuality;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The two PR-AUC-over-event-time charts of a dataset, each with the four contenders. <b>Since
 * start</b> (each point: every example from the first to the end of a window) is the one to read
 * first: it is defined as soon as one fraud has matured and moves only as evidence accumulates.
 * <b>Per window</b> (each point: that window alone) shows drift and recovery, but a window without
 * fraud has no PR-AUC (a gap in the line), which on rare-anomaly data is most of them.
 */
final class PrAucCharts {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private PrAucCharts() {}

  /** Points at each window's end: the figures of everything seen by then. */
  static LineChart sinceStart(String name, QualityReport report, ServedSeries served) {
    return chart(
        "PR-AUC since the start: " + name,
        report.windows(),
        WindowQuality::toEventTime,
        served.sinceStart(),
        WindowQuality::onlineMlpSinceStart,
        WindowQuality::onlineLogRegSinceStart,
        WindowQuality::offlineUpperBoundSinceStart);
  }

  /** Points at each window's start: the figures of that window alone. */
  static LineChart perWindow(String name, QualityReport report, ServedSeries served) {
    return chart(
        "PR-AUC per window: " + name,
        report.windows(),
        WindowQuality::fromEventTime,
        served.perWindow(),
        WindowQuality::onlineMlp,
        WindowQuality::onlineLogReg,
        WindowQuality::offlineUpperBound);
  }

  private static LineChart chart(
      String title,
      List<WindowQuality> windows,
      ToLongFunction<WindowQuality> at,
      List<ServedQuality> served,
      Function<WindowQuality, ModelQuality> mlp,
      Function<WindowQuality, ModelQuality> logReg,
      Function<WindowQuality, ModelQuality> upper) {
    long origin = windows.isEmpty() ? 0 : windows.get(0).fromEventTime();
    long span = windows.isEmpty() ? 0 : windows.get(windows.size() - 1).toEventTime() - origin;
    double unit = span > 3 * DAY ? DAY : span > 3 * HOUR ? HOUR : 60_000.0;
    String unitName = unit == DAY ? "days" : unit == HOUR ? "hours" : "minutes";
    List<double[]> servedPoints = new ArrayList<>();
    List<double[]> mlpPoints = new ArrayList<>();
    List<double[]> logRegPoints = new ArrayList<>();
    List<double[]> upperPoints = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      WindowQuality w = windows.get(i);
      double x = (at.applyAsLong(w) - origin) / unit;
      add(servedPoints, x, served.get(i).prAuc());
      add(mlpPoints, x, mlp.apply(w).prAuc());
      add(logRegPoints, x, logReg.apply(w).prAuc());
      add(upperPoints, x, upper.apply(w).prAuc());
    }
    return new LineChart(title, unitName + " of event time", "PR-AUC", false)
        .add(new LineChart.Series("served by the pipeline", servedPoints, false))
        .add(new LineChart.Series("online learner (recomputed)", mlpPoints, false))
        .add(new LineChart.Series("online logistic regression", logRegPoints, false))
        .add(new LineChart.Series("offline upper bound (in sample)", upperPoints, true));
  }

  /**
   * Undefined figures (no fraud yet, or none in the window) stay NaN: {@link LineChart} breaks the
   * line there, a gap rather than a zero or a line drawn across windows nobody could judge.
   */
  private static void add(List<double[]> points, double x, double y) {
    points.add(new double[] {x, y});
  }
}
