package io.osprey.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** Exact figures on small crafted inputs, derived by hand from scikit-learn's definitions. */
class RankingMetricsTest {
  // Ranked: 0.9 F, 0.8 N, 0.7 F, 0.6 N, 0.5 N, 0.4 F, 0.3 N, 0.2 N, 0.1 N, 0.05 N.
  private static final double[] SCORES = {0.1, 0.9, 0.4, 0.8, 0.3, 0.7, 0.2, 0.6, 0.05, 0.5};
  private static final double[] LABELS = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0};

  @Test
  void averagePrecisionRocAucAndLogLoss() {
    RankingMetrics metrics = RankingMetrics.of(SCORES, LABELS, 0.2);

    assertThat(metrics.positives()).isEqualTo(3);
    assertThat(metrics.negatives()).isEqualTo(7);
    // Precision at each fraud: 1/1, 2/3, 3/6 -> AP = (1 + 2/3 + 1/2) / 3.
    assertThat(metrics.prAuc()).isCloseTo((1 + 2.0 / 3 + 0.5) / 3, offset(1e-12));
    // Negatives below each fraud: 7, 6, 4 of 21 pairs.
    assertThat(metrics.rocAuc()).isCloseTo(17.0 / 21, offset(1e-12));
    double expectedLogLoss =
        -(Math.log(0.9) + Math.log(0.7) + Math.log(0.4))
            - (Math.log(0.2) + Math.log(0.4) + Math.log(0.5) + Math.log(0.7) + Math.log(0.8))
            - (Math.log(0.9) + Math.log(0.95));
    assertThat(metrics.logLoss()).isCloseTo(expectedLogLoss / 10, offset(1e-12));
    // Budget 20% of 10 = the top 2: 0.9 F, 0.8 N.
    assertThat(metrics.precisionAtBudget()).isEqualTo(0.5);
    assertThat(metrics.recallAtBudget()).isCloseTo(1.0 / 3, offset(1e-12));
  }

  @Test
  void tiesCountHalfAndShareTheBudget() {
    double[] scores = {0.8, 0.5, 0.5, 0.5, 0.5, 0.1};
    double[] labels = {1, 1, 0, 0, 0, 0};

    RankingMetrics metrics = RankingMetrics.of(scores, labels, 0.5);

    // 0.8 beats all 4 negatives; the tied fraud beats 1 and ties 3 -> (4 + 2.5) / 8.
    assertThat(metrics.rocAuc()).isEqualTo(6.5 / 8);
    // Precision 1 at 0.8; the tied group as one step: 2/5 -> (1 + 0.4) / 2.
    assertThat(metrics.prAuc()).isCloseTo(0.7, offset(1e-12));
    // 3 alerts: 0.8 and two of the four at 0.5, which hold one fraud -> 1 + 2/4 hits.
    assertThat(metrics.precisionAtBudget()).isEqualTo(0.5);
    assertThat(metrics.recallAtBudget()).isEqualTo(0.75);
  }

  @Test
  void aBudgetAlwaysRaisesAtLeastOneAlert() {
    RankingMetrics metrics = RankingMetrics.of(SCORES, LABELS, 0.005);
    assertThat(metrics.precisionAtBudget()).isEqualTo(1.0);
    assertThat(metrics.recallAtBudget()).isCloseTo(1.0 / 3, offset(1e-12));
  }

  @Test
  void undefinedFiguresAreNaN() {
    RankingMetrics noFraud = RankingMetrics.of(new double[] {0.2, 0.4}, new double[] {0, 0}, 0.5);
    assertThat(noFraud.prAuc()).isNaN();
    assertThat(noFraud.rocAuc()).isNaN();
    assertThat(noFraud.recallAtBudget()).isNaN();
    assertThat(noFraud.precisionAtBudget()).isZero();
    assertThat(RankingMetrics.of(new double[0], new double[0], 0.5))
        .isEqualTo(RankingMetrics.EMPTY);
  }

  @Test
  void theHistogramAgreesWithTheExactFiguresWhenScoresFallInDistinctBins() {
    ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    histogram.add(SCORES, LABELS);

    RankingMetrics binned = histogram.metrics(0.2);
    RankingMetrics exact = RankingMetrics.of(SCORES, LABELS, 0.2);

    assertThat(binned.prAuc()).isCloseTo(exact.prAuc(), offset(1e-12));
    assertThat(binned.rocAuc()).isCloseTo(exact.rocAuc(), offset(1e-12));
    assertThat(binned.logLoss()).isCloseTo(exact.logLoss(), offset(1e-12));
    assertThat(binned.precisionAtBudget()).isEqualTo(exact.precisionAtBudget());
  }
}
