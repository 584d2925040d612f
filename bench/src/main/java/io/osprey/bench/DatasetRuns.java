package io.osprey.bench;

import io.osprey.bench.quality.ContenderScores;
import io.osprey.bench.quality.ModelQuality;
import io.osprey.bench.quality.Spread;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Every run of one dataset, and its figures over the runs: per contender and metric, the mean and
 * spread of the figure each run gives over its judged span ({@link QualityRun.Outcome#judged}).
 *
 * @param runs in the order they ran, at least one
 */
record DatasetRuns(QualityDataset dataset, List<QualityRun.Outcome> runs) {
  DatasetRuns {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs of " + dataset.name());
    }
  }

  /** The contenders' ids, in the order of the first run. */
  List<String> contenderIds() {
    return runs.get(0).contenders().stream().map(ContenderScores::id).toList();
  }

  /** The description of contender {@code id}. */
  String description(String id) {
    return contender(runs.get(0), id).description();
  }

  /** Contender {@code id}'s figures over the judged span of each run, in run order. */
  List<ModelQuality> judged(String id) {
    return runs.stream()
        .map(run -> contender(run, id).quality(run.labels(), run.judgedFrom()))
        .toList();
  }

  /** One metric of contender {@code id} over the runs. */
  Spread spread(String id, ToDoubleFunction<ModelQuality> metric) {
    return Spread.of(judged(id).stream().mapToDouble(metric).toArray());
  }

  private static ContenderScores contender(QualityRun.Outcome run, String id) {
    return run.contenders().stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no contender " + id));
  }
}
