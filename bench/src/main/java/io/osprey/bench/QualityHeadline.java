package io.osprey.bench;

import java.util.List;

/**
 * One dataset's line in the combined report's summary: mean F1 and PR-AUC of each contender over
 * the runs, each run judged from its first trained model on (the details, with spreads, are in the
 * quality half's own report, {@link QualityReportWriter}).
 *
 * @param events events replayed (first run)
 * @param maturedExamples matured examples (first run); every contender is judged on the same ones
 * @param contenders served first, the upper bound last
 */
record QualityHeadline(
    String dataset, long events, int maturedExamples, List<QualityHeadline.Contender> contenders) {

  /** F1 at the contender's operating threshold; PR-AUC is NaN when there is no fraud to find. */
  record Contender(String name, double f1, double prAuc) {}

  static QualityHeadline of(DatasetRuns runs) {
    QualityRun.Outcome first = runs.runs().get(0);
    return new QualityHeadline(
        runs.dataset().name(),
        first.replay().events(),
        first.output().examples().size(),
        runs.contenderIds().stream()
            .map(
                id ->
                    new Contender(
                        id,
                        runs.spread(id, q -> q.f1()).mean(),
                        runs.spread(id, q -> q.prAuc()).mean()))
            .toList());
  }
}
