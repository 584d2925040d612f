package io.osprey.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one benchmark run measures: the rate steps (events/s; 0 means flat out), how long each
 * lasts, the warm-up before them, and the latency budget a rate must meet to count as sustained.
 */
public record BenchPlan(
    String name, List<Double> rates, Duration step, Duration warmup, double p99BudgetMs) {

  /**
   * A developer's check before a change, cut so that it and the quality quick plan together stay
   * under 5 minutes on 2 cores: the quality half takes over 3 of them, so this one gets about 80 s
   * for both systems, of which starting and stopping them take about 25 s. The lowest rate is one
   * both systems keep up with, so the ratios there are the headline; Osprey falls behind near 1,000
   * events/s. The highest rate stays at 2,000 because after each step the driver waits for the
   * backlog to drain: at 4,000 events/s Osprey received 1,190/s in an earlier 15 s step, which left
   * about 40,000 events to drain at that pace. Steps of 6 s give 1,500 latencies or more each:
   * enough for p99, not for p99.9, and the keeps-up verdict rests on a few backlog samples; use
   * {@link #FULL} for figures to quote.
   */
  public static final BenchPlan QUICK =
      new BenchPlan(
          "quick",
          List.of(250.0, 1000.0, 2000.0),
          Duration.ofSeconds(6),
          Duration.ofSeconds(6),
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

  /**
   * The scoring topology alone ({@code bench scoring}): rates around the aim of 50,000
   * events/s with p99 under 20 ms at half of it; about 3 minutes per model. The warm-up is long
   * because on 2 cores the JIT keeps compiling broker, Kafka Streams and clients for about a minute
   * under load, taking close to half a core meanwhile (measured).
   */
  public static final BenchPlan SCORING_QUICK =
      new BenchPlan(
          "quick",
          List.of(5_000.0, 10_000.0, 25_000.0, 50_000.0, 0.0),
          Duration.ofSeconds(15),
          Duration.ofSeconds(60),
          20);

  /** The scoring figures for the README: finer steps, 30 s each; about 7 minutes per model. */
  public static final BenchPlan SCORING_FULL =
      new BenchPlan(
          "full",
          List.of(
              1_000.0, 5_000.0, 10_000.0, 15_000.0, 20_000.0, 25_000.0, 30_000.0, 40_000.0,
              50_000.0, 0.0),
          Duration.ofSeconds(30),
          Duration.ofSeconds(90),
          20);

  /** CI's check that the scoring harness works: seconds at a low rate, no figure asserted. */
  public static final BenchPlan SCORING_SMOKE =
      new BenchPlan("smoke", List.of(200.0), Duration.ofSeconds(2), Duration.ofSeconds(1), 20);

  /**
   * The ingest job alone ({@code bench ingest}): rates up to 4,000/s, where the whole system falls
   * far behind, then flat out, with the end-to-end latency budget; about 2 minutes per contender.
   * Steps of 15 s hold several exactly-once commits each.
   */
  public static final BenchPlan INGEST_QUICK =
      new BenchPlan(
          "quick",
          List.of(1_000.0, 2_000.0, 4_000.0, 0.0),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          50);

  /**
   * Finer steps, 30 s each, for figures to quote: warm-up and steps add up to 5 minutes per
   * contender (not timed end to end).
   */
  public static final BenchPlan INGEST_FULL =
      new BenchPlan(
          "full",
          List.of(500.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0, 6_000.0, 8_000.0, 0.0),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          50);

  /** CI's check that the ingest harness works: seconds at a low rate, no figure asserted. */
  public static final BenchPlan INGEST_SMOKE =
      new BenchPlan("smoke", List.of(100.0), Duration.ofSeconds(3), Duration.ofSeconds(2), 50);

  /**
   * This plan with other rate steps and step length (either may be null: keep this plan's); named
   * "custom" when anything changed.
   */
  public BenchPlan with(List<Double> otherRates, Integer stepSeconds) {
    return with(otherRates, stepSeconds, null);
  }

  /**
   * This plan with other rate steps, step length and warm-up (any may be null: keep this plan's);
   * named "custom" when anything changed. A longer warm-up lets the JIT finish compiling before the
   * first measured step, as the full plan's 30 s do.
   */
  public BenchPlan with(List<Double> otherRates, Integer stepSeconds, Integer warmupSeconds) {
    if (otherRates == null && stepSeconds == null && warmupSeconds == null) {
      return this;
    }
    return new BenchPlan(
        "custom",
        otherRates == null ? rates : List.copyOf(otherRates),
        stepSeconds == null ? step : Duration.ofSeconds(stepSeconds),
        warmupSeconds == null ? warmup : Duration.ofSeconds(warmupSeconds),
        p99BudgetMs);
  }

  /** One line for a report's summary: "250, 1000 events/s; steps of 8 s after 8 s of warm-up". */
  public String describe() {
    return rates.stream()
            .map(r -> r == 0 ? "flat out" : String.format(Locale.ROOT, "%.0f", r))
            .collect(Collectors.joining(", "))
        + String.format(
            Locale.ROOT,
            " events/s; steps of %d s after %d s of warm-up",
            step.toSeconds(),
            warmup.toSeconds());
  }

  /** A plan of the whole-system benchmark by name. */
  public static BenchPlan named(String name) {
    return byName(name, QUICK, FULL, SMOKE);
  }

  /** A plan of the scoring-only benchmark by name. */
  public static BenchPlan scoring(String name) {
    return byName(name, SCORING_QUICK, SCORING_FULL, SCORING_SMOKE);
  }

  /** A plan of the ingest-only benchmark by name. */
  public static BenchPlan ingest(String name) {
    return byName(name, INGEST_QUICK, INGEST_FULL, INGEST_SMOKE);
  }

  private static BenchPlan byName(String name, BenchPlan... plans) {
    for (BenchPlan plan : plans) {
      if (plan.name().equals(name)) {
        return plan;
      }
    }
    throw new IllegalArgumentException("unknown plan '" + name + "' (quick, full, smoke)");
  }
}
