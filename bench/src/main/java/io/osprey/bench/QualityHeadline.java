package io.osprey.bench;

import io.osprey.bench.quality.ModelQuality;
import io.osprey.bench.quality.QualityReport;
import java.util.List;

/**
 * What the summary of {@code ./osprey bench} shows of one quality dataset: F1 and PR-AUC of each
 * contender over the whole run. The full tables, per-window figures and charts stay in the quality
 * report ({@link QualityReportWriter}).
 *
 * @param events events replayed
 * @param maturedExamples examples judged (every contender is judged on the same ones)
 * @param contenders served first, then the recomputed ones, the upper bound last
 */
record QualityHeadline(
    String dataset, long events, int maturedExamples, List<QualityHeadline.Contender> contenders) {

  /** F1 at the contender's operating threshold; PR-AUC is NaN when there is no fraud to find. */
  record Contender(String name, double f1, double prAuc) {
    static Contender of(String name, ModelQuality quality) {
      return new Contender(name, quality.f1(), quality.prAuc());
    }
  }

  static QualityHeadline of(QualityRun.Outcome outcome) {
    QualityReport report = outcome.report();
    ServedQuality served =
        ServedQuality.of(outcome.output().examples(), outcome.output().predictions());
    return new QualityHeadline(
        outcome.dataset().name(),
        outcome.replay().events(),
        outcome.output().examples().size(),
        List.of(
            new Contender("served", served.f1(), served.prAuc()),
            Contender.of("online MLP", report.onlineMlp()),
            Contender.of("logistic regression", report.onlineLogReg()),
            Contender.of("upper bound", report.offlineUpperBound())));
  }
}
