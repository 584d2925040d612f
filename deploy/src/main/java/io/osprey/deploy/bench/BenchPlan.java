package io.osprey.deploy.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run measures: the rate steps (events/s; 0 means flat out), how long each
 * lasts, the warm-up before them, and the latency budget a rate must meet to count as sustained.
 */
public record BenchPlan(
    String name, List<Double> rates, Duration step, Duration warmup, double p99BudgetMs) {

  /** A developer's check before a change: about 4 minutes for both systems. */
  public static final BenchPlan QUICK =
      new BenchPlan(
          "quick",
          List.of(250.0, 500.0, 1000.0, 2000.0, 4000.0),
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          50);

  /** The figures for the README: longer steps, up to flat out. */
  public static final BenchPlan FULL =
      new BenchPlan(
          "full",
          List.of(250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 0.0),
          Duration.ofSeconds(60),
          Duration.ofSeconds(30),
          50);

  /** CI's check that the harness works: seconds of load, no figure asserted. */
  public static final BenchPlan SMOKE =
      new BenchPlan("smoke", List.of(100.0), Duration.ofSeconds(3), Duration.ofSeconds(2), 50);

  public static BenchPlan named(String name) {
    return switch (name) {
      case "quick" -> QUICK;
      case "full" -> FULL;
      case "smoke" -> SMOKE;
      default ->
          throw new IllegalArgumentException("unknown plan '" + name + "' (quick, full, smoke)");
    };
  }
}
