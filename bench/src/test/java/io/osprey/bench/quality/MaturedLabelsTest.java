package io.osprey.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.Learner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaturedLabelsTest {
  private static final MlpShape SHAPE = new MlpShape(List.of(8), 0.01, 1e-4, 1);

  /** One example a second; positive when its first feature is positive. */
  private static List<LabelledExample> stream(int size) {
    Random random = new Random(3);
    List<LabelledExample> examples = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      double x = random.nextGaussian();
      examples.add(
          new LabelledExample("e" + i, i * 1_000L, new double[] {x, random.nextGaussian()}, x > 0));
    }
    return examples;
  }

  @Test
  void nothingIsLearnedFromALabelBeforeItMatures() {
    List<LabelledExample> examples = stream(3_000);
    ContenderScores matured =
        MaturedLabels.scores(
            examples, Learner.fresh(SHAPE, 2, ImbalancePolicy.NONE), Duration.ofSeconds(1_000), 64);

    // the first label matures at t = 1,000 s, a whole batch of 64 at t = 1,063 s (row 1,063)
    for (int i = 0; i < 1_063; i++) {
      assertThat(matured.scores()[i]).as("row %d", i).isEqualTo(0.5);
    }
    assertThat(matured.scores()[1_063]).isNotEqualTo(0.5);
    double[] later = Arrays.copyOfRange(matured.scores(), 2_000, 3_000);
    double[] labels = new double[1_000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = examples.get(2_000 + i).fraud() ? 1 : 0;
    }
    assertThat(RankingMetrics.of(later, labels, 0.01).rocAuc()).isGreaterThan(0.9);
  }

  @Test
  void aLongerLabelDelayLearnsLaterSoScoresLessOfTheStream() {
    List<LabelledExample> examples = stream(2_000);
    double[] labels = new double[examples.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = examples.get(i).fraud() ? 1 : 0;
    }
    double soon = prAuc(examples, labels, Duration.ofSeconds(10));
    double late = prAuc(examples, labels, Duration.ofSeconds(1_500));
    assertThat(soon).isGreaterThan(late + 0.1);
  }

  private static double prAuc(List<LabelledExample> examples, double[] labels, Duration maturity) {
    double[] scores =
        MaturedLabels.scores(examples, Learner.fresh(SHAPE, 2, ImbalancePolicy.NONE), maturity, 64)
            .scores();
    return RankingMetrics.of(scores, labels, 0.01).prAuc();
  }
}
