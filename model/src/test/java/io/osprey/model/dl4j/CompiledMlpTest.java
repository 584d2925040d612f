package io.osprey.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.ModelException;
import io.osprey.model.RunningStats;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compiled evaluator agrees with DL4J's own output, to 1e-5, before and after training. */
class CompiledMlpTest {
  @Test
  void agreesWithDl4jOnAnUntrainedNetwork() {
    assertAgrees(Dl4jMlp.create(MlpShape.DEFAULT, 8), new Random(1));
  }

  @Test
  void agreesWithDl4jAfterTrainingWithANormaliser() {
    Dl4jMlp model = Dl4jMlp.create(new MlpShape(List.of(16, 8, 4), 0.01, 0, 3), 8);
    Random random = new Random(2);
    RunningStats stats = new RunningStats(8);
    for (int step = 0; step < 50; step++) {
      double[][] x = new double[16][];
      double[] y = new double[16];
      for (int i = 0; i < x.length; i++) {
        x[i] = row(random);
        y[i] = x[i][0] > 50 ? 1 : 0;
        stats.add(x[i]);
      }
      model.setNormalizer(stats.toNormalizer());
      model.fit(x, y);
    }
    assertAgrees(model, random);
  }

  @Test
  void agreesWithDl4jOnAWideNetworkWhoseReluUnitsAreOftenOff() {
    // 8-160-160-1: the 27,361 parameters of the Crayfish benchmark's model, and the layer width at
    // which the evaluator's input-major loop and its skipping of inactive units matter.
    assertAgrees(Dl4jMlp.create(new MlpShape(List.of(160, 160), 0.01, 0, 5), 8), new Random(3));
  }

  @Test
  void refusesANetworkWithANonFiniteParameter() {
    Dl4jMlp model = Dl4jMlp.create(MlpShape.DEFAULT, 8);
    model.shiftOutputLogit(Double.POSITIVE_INFINITY); // (ND4J's addi ignores a NaN scalar)
    assertThatThrownBy(model::compile)
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("non-finite");
  }

  private static void assertAgrees(Dl4jMlp model, Random random) {
    CompiledMlp compiled = model.compile();
    for (int i = 0; i < 200; i++) {
      double[] row = row(random);
      assertThat(compiled.score(row)).isCloseTo(model.score(row), offset(1e-5));
    }
  }

  private static double[] row(Random random) {
    double[] row = new double[8];
    for (int i = 0; i < row.length; i++) {
      row[i] = random.nextGaussian() * 30 + 20;
    }
    return row;
  }
}
