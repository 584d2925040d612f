package io.osprey.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.trainer.intake.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServedAgeTest {
  /** Ten examples, one a second from t = 0. */
  private static List<LabelledExample> tenSeconds() {
    List<LabelledExample> examples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      examples.add(new LabelledExample("e" + i, i * 1_000L, new double[] {i}, false));
    }
    return examples;
  }

  @Test
  void ageIsEventTimeAndExamplesSinceTheModelsTrainingWindowEnded() {
    // rows 4..8 judged; v1 trained through t = 1 s, v2 through t = 5 s; row 9 by the fallback rule
    ContenderScores served =
        new ContenderScores(
            "served",
            "served",
            new int[] {2, 4, 5, 6, 7, 8, 9},
            new double[7],
            new double[7],
            new long[] {1, 1, 1, 2, 2, 2, 0});
    ServedAge age = ServedAge.of(tenSeconds(), served, Map.of(1L, 1_000L, 2L, 5_000L), 4).get();

    // judged and by a model: rows 4, 5 (v1: 3 s, 4 s; 2 and 3 examples from row 2 on), 6, 7, 8
    // (v2: 1, 2, 3 s; 0, 1, 2 examples from row 6 on)
    assertThat(age.scored()).isEqualTo(5);
    assertThat(age.medianMillis()).isEqualTo(3_000L); // of 3, 4, 1, 2, 3 s
    assertThat(age.medianExamples()).isEqualTo(2L); // of 2, 3, 0, 1, 2
  }

  @Test
  void nothingScoredByAKnownModelHasNoAge() {
    ContenderScores fallbackOnly =
        new ContenderScores(
            "served", "served", new int[] {5, 6}, new double[2], new double[2], new long[2]);
    assertThat(ServedAge.of(tenSeconds(), fallbackOnly, Map.of(1L, 0L), 0)).isEmpty();
    ContenderScores unknownVersion =
        new ContenderScores(
            "served", "served", new int[] {5}, new double[1], new double[1], new long[] {3});
    assertThat(ServedAge.of(tenSeconds(), unknownVersion, Map.of(1L, 0L), 0)).isEmpty();
  }
}
