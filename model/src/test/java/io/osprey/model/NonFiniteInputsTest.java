package io.osprey.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The normaliser, its running statistics and a training step cannot be poisoned. */
class NonFiniteInputsTest {
  private static final double[][] PROBE = {{0.1, -0.2}, {1.5, 0.3}, {-1, 2}};

  @Test
  void runningStatsLeaveOutRowsThatWouldPoisonThem() {
    RunningStats stats = new RunningStats(2);
    stats.add(new double[] {1, 2});
    stats.add(new double[] {3, 4});
    Normalizer before = stats.toNormalizer();

    assertThat(stats.add(new double[] {Double.NaN, 1})).isFalse();
    assertThat(stats.add(new double[] {1, Double.POSITIVE_INFINITY})).isFalse();
    assertThat(stats.add(new double[] {1e300, -1e300})).isFalse(); // the squares overflow

    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.toNormalizer().mean()).containsExactly(before.mean());
    assertThat(stats.toNormalizer().std()).containsExactly(before.std());
  }

  @Test
  void normalisedValuesAreFiniteAndBounded() {
    Normalizer normalizer = new Normalizer(new double[] {0, 0, 0, 0}, new double[] {1, 1, 1, 1e-6});
    float[] out = new float[4];

    normalizer.apply(new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1e300, 1e12}, out);

    assertThat(out).containsExactly(0f, Normalizer.LIMIT, -Normalizer.LIMIT, Normalizer.LIMIT);
  }

  @Test
  void aStepWithANonFiniteLossLeavesTheNetworkAsItWas() {
    Dl4jMlp network = Dl4jMlp.create(new MlpShape(List.of(4), 0.05, 0.0, 3), 2);
    double[] before = network.scoreAll(PROBE);

    boolean taken = network.fit(PROBE, new double[] {Double.NaN, 1, 0});

    assertThat(taken).isFalse();
    assertThat(network.scoreAll(PROBE)).containsExactly(before);
    // And it still learns afterwards.
    assertThat(network.fit(PROBE, new double[] {0, 1, 0})).isTrue();
    double[] after = network.scoreAll(PROBE);
    assertThat(after).isNotEqualTo(before);
    assertThat(java.util.Arrays.stream(after).allMatch(Double::isFinite)).isTrue();
  }
}
