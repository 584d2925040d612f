package io.osprey.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.osprey.model.testing.NonFiniteScores;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every metric over scores that are not probabilities (NaN, ±∞, out of range, ties among them)
 * terminates and reads them as {@link Scores} says: the figures equal those of the same examples
 * with the scores replaced by their reading. (The trainer's threshold policy, Platt fitter and
 * prequential evaluator are held to the same rule by the trainer's own NonFiniteScoresTest.)
 */
class NonFiniteScoresTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private static final double NAN = Double.NaN;

  private static final double[] SCORES = NonFiniteScores.scores();
  private static final double[] LABELS = NonFiniteScores.labels();
  private static final double[] READ = NonFiniteScores.read();
  private static final double[] LABELS_3 = {1, 0, 0};

  @Test
  void readsNanAsAnUnknownAndClampsTheRest() {
    assertThat(Scores.probabilities(SCORES)).containsExactly(READ);
    double[] clean = {0.2, 0.3};
    assertThat(Scores.probabilities(clean)).isSameAs(clean);
  }

  @Test
  void rankingMetricsTerminateAndEqualThoseOfTheReadScores() {
    RankingMetrics metrics =
        assertTimeoutPreemptively(PROMPTLY, () -> RankingMetrics.of(SCORES, LABELS, 0.3));

    assertThat(metrics).isEqualTo(RankingMetrics.of(READ, LABELS, 0.3));
    assertThat(metrics.prAuc()).isFinite();
    assertThat(metrics.rocAuc()).isFinite();
    assertThat(metrics.logLoss()).isFinite();
  }

  @Test
  void groupsTakeEveryExampleOnceEvenWhenAllAreNan() {
    double[] nans = {NAN, NAN, NAN};

    var groups = assertTimeoutPreemptively(PROMPTLY, () -> RankingMetrics.groups(nans, LABELS_3));

    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).count()).isEqualTo(3);
    assertThat(groups.get(0).score()).isEqualTo(Scores.UNKNOWN);
  }

  @Test
  void confusionMatrixDecidesTheReadScores() {
    assertThat(ConfusionMatrix.of(SCORES, LABELS, 0.5))
        .isEqualTo(ConfusionMatrix.of(READ, LABELS, 0.5));
  }

  @Test
  void histogramFiguresAreFiniteOverNonFiniteScores() {
    ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);

    assertTimeoutPreemptively(PROMPTLY, () -> histogram.add(SCORES, LABELS));

    RankingMetrics metrics = histogram.metrics(0.3);
    assertThat(metrics.positives() + metrics.negatives()).isEqualTo(SCORES.length);
    assertThat(metrics.prAuc()).isFinite();
    assertThat(metrics.logLoss()).isEqualTo(RankingMetrics.of(READ, LABELS, 0.3).logLoss());
  }
}
