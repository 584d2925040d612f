package io.osprey.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What {@code ./osprey bench} runs under one plan name: the performance sweep's plan ({@link
 * BenchPlan}) and the quality datasets ({@link QualityBenchRun#plan}). A half left out is empty.
 */
public record SystemBenchPlan(String name, Optional<BenchPlan> perf, List<QualityDataset> quality) {

  /** The two questions the benchmark answers: how fast, and how good. */
  public enum Half {
    PERF,
    QUALITY;

    /** {@code perf} or {@code quality}, as typed on the command line. */
    public static Half named(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown half '" + name + "' (perf, quality)", e);
      }
    }
  }

  public SystemBenchPlan {
    quality = List.copyOf(quality);
    if (perf.isEmpty() && quality.isEmpty()) {
      throw new IllegalArgumentException("nothing to run");
    }
  }

  /** This plan with its performance half changed by {@code change} (nothing when it has none). */
  public SystemBenchPlan withPerf(UnaryOperator<BenchPlan> change) {
    return new SystemBenchPlan(name, perf.map(change), quality);
  }

  /**
   * The named plan (smoke, quick, full) of each half in {@code halves}.
   *
   * @param specs the folder of the quality datasets' feature specs
   */
  public static SystemBenchPlan named(String name, Set<Half> halves, Path specs) {
    return new SystemBenchPlan(
        name,
        halves.contains(Half.PERF) ? Optional.of(BenchPlan.named(name)) : Optional.empty(),
        halves.contains(Half.QUALITY) ? QualityBenchRun.plan(name, specs) : List.of());
  }
}
