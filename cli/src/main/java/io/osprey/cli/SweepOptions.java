package io.osprey.cli;

import io.osprey.bench.BenchPlan;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that replace a benchmark plan's rate steps, their length or its warm-up. */
final class SweepOptions {
  @Option(
      names = "--rates",
      split = ",",
      paramLabel = "EVENTS_PER_S",
      description = "Replaces the plan's rate steps, e.g. 1000,5000,0 (0: flat out).")
  List<Double> rates;

  @Option(
      names = "--step",
      paramLabel = "SECONDS",
      description = "Replaces the plan's step length.")
  Integer stepSeconds;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description = "Replaces the plan's warm-up (at the first rate) before the measured steps.")
  Integer warmupSeconds;

  /** {@code plan} with what was given. */
  BenchPlan applyTo(BenchPlan plan) {
    return plan.with(rates, stepSeconds, warmupSeconds);
  }
}
