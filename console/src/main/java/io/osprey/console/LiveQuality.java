package io.osprey.console;

import io.osprey.model.evaluation.RankingMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Precision, recall and PR-AUC of the served decisions over the most recent matured labels. The
 * score and decision of each prediction are remembered by event id (a bounded memory: a label that
 * matures after its prediction was forgotten is not counted); when its training example arrives (a
 * fraud label, an analyst's verdict, or no label before the maturity window closed) the pair joins
 * a sliding window of the last {@code window} matured events. Not thread-safe.
 */
final class LiveQuality {
  private static final double BUDGET = 0.01; // only the PR-AUC is read; the budget is irrelevant

  private record Served(double score, boolean flagged) {}

  private record Matured(double score, boolean flagged, boolean fraud) {}

  private final int window;
  private final Map<String, Served> served;
  private final Deque<Matured> matured = new ArrayDeque<>();
  private long maturedTotal;

  LiveQuality(int window, int remembered) {
    this.window = window;
    this.served =
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Served> eldest) {
            return size() > remembered;
          }
        };
  }

  void onPrediction(String eventId, double score, boolean flagged) {
    served.put(eventId, new Served(score, flagged));
  }

  void onMatured(String eventId, boolean fraud) {
    Served decision = served.remove(eventId);
    if (decision == null) {
      return;
    }
    matured.addLast(new Matured(decision.score(), decision.flagged(), fraud));
    if (matured.size() > window) {
      matured.removeFirst();
    }
    maturedTotal++;
  }

  long maturedTotal() {
    return maturedTotal;
  }

  /** Precision of the flagged decisions in the window, or null when nothing was flagged. */
  Double precision() {
    long flagged = matured.stream().filter(Matured::flagged).count();
    long hits = matured.stream().filter(m -> m.flagged() && m.fraud()).count();
    return flagged == 0 ? null : (double) hits / flagged;
  }

  /** Recall of the frauds in the window, or null when there was none. */
  Double recall() {
    long frauds = matured.stream().filter(Matured::fraud).count();
    long hits = matured.stream().filter(m -> m.flagged() && m.fraud()).count();
    return frauds == 0 ? null : (double) hits / frauds;
  }

  /** PR-AUC of the scores in the window, or null while it is undefined (no fraud, no non-fraud). */
  Double prAuc() {
    double[] scores = new double[matured.size()];
    double[] labels = new double[matured.size()];
    int i = 0;
    for (Matured m : matured) {
      scores[i] = m.score();
      labels[i++] = m.fraud() ? 1 : 0;
    }
    double prAuc = RankingMetrics.of(scores, labels, BUDGET).prAuc();
    return Double.isFinite(prAuc) ? prAuc : null;
  }
}
