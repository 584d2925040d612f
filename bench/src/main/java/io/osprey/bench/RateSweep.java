package io.osprey.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a plan's warm-up and then its rate steps with one driver, printing a line per step. Once two
 * fixed-rate steps in a row have fallen behind, the higher fixed rates are skipped: they can only
 * fall further behind, and the backlog they leave would be what the next steps measure. A flat-out
 * step still runs.
 */
final class RateSweep {
  /** Told around each measured step (not the warm-up), e.g. to account for CPU. */
  interface StepObserver {
    StepObserver NONE = new StepObserver() {};

    default void before(double rate) {}

    /** The step's load has been sent; what is still in flight is drained next. */
    default void sendingDone() {}

    default void after(StepResult result) {}
  }

  private static final double WARMUP_RATE_WHEN_FLAT_OUT = 500;
  private static final int BEHIND_BEFORE_SKIPPING = 2;

  private final BenchPlan plan;
  private final PrintStream progress;

  RateSweep(BenchPlan plan, PrintStream progress) {
    this.plan = plan;
    this.progress = progress;
  }

  /**
   * Warms {@code system} up at the plan's first rate, then runs every step.
   *
   * @param backlog receives the steps' backlog samples
   */
  List<StepResult> run(
      LoadDriver driver, String system, List<double[]> backlog, StepObserver observer) {
    progress.printf("bench: %s warming up for %ds%n", system, plan.warmup().toSeconds());
    double first = plan.rates().get(0);
    driver.runStep(
        first == 0 ? WARMUP_RATE_WHEN_FLAT_OUT : first, plan.warmup(), new ArrayList<>(), () -> {});
    List<StepResult> results = new ArrayList<>();
    int behindInARow = 0;
    for (double rate : plan.rates()) {
      if (rate > 0 && behindInARow >= BEHIND_BEFORE_SKIPPING) {
        progress.printf(Locale.ROOT, "bench: %-8s target %6.0f/s skipped%n", system, rate);
        continue;
      }
      observer.before(rate);
      StepResult result = driver.runStep(rate, plan.step(), backlog, observer::sendingDone);
      observer.after(result);
      results.add(result);
      if (!result.flatOut()) {
        behindInARow = result.keepsUp() ? 0 : behindInARow + 1;
      }
      progress.printf(
          Locale.ROOT,
          "bench: %-8s target %8s sent %7.0f/s received %7.0f/s p50 %7.1f ms p99 %7.1f ms%s%n",
          system,
          rate == 0 ? "flat-out" : String.format(Locale.ROOT, "%.0f/s", rate),
          result.sentRate(),
          result.receivedRate(),
          result.percentileMs(50),
          result.percentileMs(99),
          result.flatOut() || result.keepsUp() ? "" : "  (falling behind)");
    }
    return results;
  }
}
