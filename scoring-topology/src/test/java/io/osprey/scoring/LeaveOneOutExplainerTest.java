package io.osprey.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;
import io.osprey.schema.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneOutExplainerTest {

  /**
   * score = sum of w_i * x_i, so leave-one-out against the mean is exactly w_i * (x_i - mean_i).
   */
  private record Linear(double[] weights, Normalizer normalizer) implements ScoringModel {
    @Override
    public double score(double[] features) {
      double sum = 0;
      for (int i = 0; i < features.length; i++) {
        sum += weights[i] * features[i];
      }
      return sum;
    }

    @Override
    public String format() {
      return "linear";
    }

    @Override
    public byte[] payload() {
      return new byte[0];
    }

    @Override
    public String describe() {
      return "linear";
    }
  }

  @Test
  void contributionsAreScoreMinusScoreAtTheMeanTopFirst() {
    Linear model =
        new Linear(
            new double[] {1, 2, 3, 4},
            new Normalizer(new double[] {0, 0, 1, 1}, new double[] {1, 1, 1, 1}));
    double[] x = {1, 1, 1, 0}; // contributions 1, 2, 0, -4
    double score = model.score(x);

    List<Reason> reasons =
        new LeaveOneOutExplainer(3).explain(model, x, score, List.of("a", "b", "c", "d"));

    assertThat(reasons).extracting(Reason::getFeature).containsExactly("b", "a", "c");
    assertThat(reasons.get(0).getContribution()).isCloseTo(2.0, within(1e-9));
    assertThat(reasons.get(2).getContribution()).isCloseTo(0.0, within(1e-9));
  }

  /** Rough cost of explaining one flagged prediction next to scoring it (printed, not asserted). */
  @Test
  void measuresCostOnTheDefaultNetwork() {
    ScoringModel model = ScoringFixtures.model();
    double[] x = ScoringFixtures.ORDINARY.stream().mapToDouble(Double::doubleValue).toArray();
    LeaveOneOutExplainer explainer = new LeaveOneOutExplainer(3);
    int n = 500;
    for (int i = 0; i < n; i++) { // warm-up
      explainer.explain(model, x, model.score(x), ScoringFixtures.LAYOUT.names());
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      model.score(x);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      explainer.explain(model, x, 0.5, ScoringFixtures.LAYOUT.names());
    }
    long t2 = System.nanoTime();
    System.out.printf(
        "cost per record: score %.1f us, leave-one-out reasons (8 rows, one batch) %.1f us%n",
        (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
    assertThat(explainer.explain(model, x, 0.5, ScoringFixtures.LAYOUT.names())).hasSize(3);
  }
}
