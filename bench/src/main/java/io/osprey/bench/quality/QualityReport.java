package io.osprey.bench.quality;

import java.util.List;

/**
 * The outcome of a {@link QualityEvaluation}: figures per window, and over all examples.
 *
 * @param windows in event-time order
 * @param onlineMlp the online network over every example (prequential)
 * @param onlineLogReg the online logistic regression over every example (prequential)
 * @param offlineUpperBound the network trained offline on every example, scored in sample
 * @param contenders the three contenders' score and decision per example, in that order (ids {@link
 *     QualityEvaluation#LEARNER}, {@link QualityEvaluation#LOGREG}, {@link
 *     QualityEvaluation#UPPER_BOUND}), rows as in the evaluated list
 */
public record QualityReport(
    List<WindowQuality> windows,
    ModelQuality onlineMlp,
    ModelQuality onlineLogReg,
    ModelQuality offlineUpperBound,
    List<ContenderScores> contenders) {
  public QualityReport {
    windows = List.copyOf(windows);
    contenders = List.copyOf(contenders);
  }
}
