package io.osprey.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One rate step of a sweep against one system.
 *
 * @param targetRate events per second the driver aimed for (0: flat out)
 * @param sentRate events per second actually sent
 * @param receivedRate results per second that came back during the step
 * @param backlogGrowthPerSecond slope of (sent − received) over the step's second half: positive
 *     and large means the system falls behind
 * @param latencyMicros end-to-end latency of the step's results
 * @param stageMicros the same results' latency per stage; empty when they carry no stage times
 */
public record StepResult(
    String system,
    double targetRate,
    double sentRate,
    double receivedRate,
    double backlogGrowthPerSecond,
    Histogram latencyMicros,
    Map<Stage, Histogram> stageMicros) {

  public StepResult {
    stageMicros = Map.copyOf(stageMicros);
  }

  /** A step whose results carry no stage times. */
  public StepResult(
      String system,
      double targetRate,
      double sentRate,
      double receivedRate,
      double backlogGrowthPerSecond,
      Histogram latencyMicros) {
    this(
        system,
        targetRate,
        sentRate,
        receivedRate,
        backlogGrowthPerSecond,
        latencyMicros,
        Map.of());
  }

  /** A flat-out step: the driver offers more than the system takes, by construction. */
  public boolean flatOut() {
    return targetRate == 0;
  }

  /**
   * Keeps up: a fixed-rate step whose backlog grows by less than 2% of the rate per second (noise
   * on 2 cores). A flat-out step never does: its backlog is bounded by the driver, not the system.
   */
  public boolean keepsUp() {
    return !flatOut() && backlogGrowthPerSecond <= Math.max(5, 0.02 * sentRate);
  }

  public double percentileMs(double percentile) {
    return latencyMicros.getTotalCount() == 0
        ? Double.NaN
        : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  /** A percentile of one stage in ms; NaN when the step has no figure for it. */
  public double stagePercentileMs(Stage stage, double percentile) {
    Histogram h = stageMicros.get(stage);
    return h == null || h.getTotalCount() == 0
        ? Double.NaN
        : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Sustained under the latency budget: keeps up with p99 below {@code p99BudgetMs}. */
  public boolean sustained(double p99BudgetMs) {
    return keepsUp() && percentileMs(99) < p99BudgetMs;
  }
}
