package io.osprey.model.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.BinnedDistribution;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quantile bins, PSI and KS on synthetic samples: a shift is seen, a steady sample is not. */
class DriftStatisticsTest {
  private static double[] normal(Random random, int n, double mean, double sd) {
    double[] sample = new double[n];
    for (int i = 0; i < n; i++) {
      sample[i] = mean + sd * random.nextGaussian();
    }
    return sample;
  }

  @Test
  void quantileBinsHoldEqualSharesOfTheirSample() {
    BinnedDistribution bins = QuantileBins.of("x", normal(new Random(1), 10_000, 0, 1), 10);

    assertThat(bins.getEdges()).hasSize(9).isSorted();
    assertThat(bins.getShares()).hasSize(10).allSatisfy(s -> assertThat(s).isBetween(0.09, 0.11));
  }

  @Test
  void tiedValuesCollapseIntoFewerBins() {
    double[] flags = new double[1000];
    for (int i = 0; i < 30; i++) {
      flags[i] = 1;
    }
    BinnedDistribution bins = QuantileBins.of("ecom", flags, 10);

    assertThat(bins.getEdges()).containsExactly(0.0);
    assertThat(bins.getShares()).containsExactly(0.97, 0.03);
  }

  @Test
  void binsFollowTheDocumentedRule() {
    List<Double> edges = List.of(1.0, 2.0);
    assertThat(QuantileBins.bin(edges, 0.5)).isEqualTo(0);
    assertThat(QuantileBins.bin(edges, 1.0)).isEqualTo(0);
    assertThat(QuantileBins.bin(edges, 1.5)).isEqualTo(1);
    assertThat(QuantileBins.bin(edges, 2.5)).isEqualTo(2);
    assertThat(QuantileBins.bin(edges, Double.NaN)).isEqualTo(2);
    assertThat(QuantileBins.bin(edges, Double.NEGATIVE_INFINITY)).isEqualTo(0);
  }

  @Test
  void aSteadySampleStaysWellBelowTheThresholds() {
    Random random = new Random(2);
    BinnedDistribution reference = QuantileBins.of("x", normal(random, 4096, 0, 1), 10);
    for (int window = 0; window < 50; window++) {
      long[] live = QuantileBins.counts(reference.getEdges(), normal(random, 2000, 0, 1));
      assertThat(DriftStatistics.psi(reference.getShares(), live)).isLessThan(0.05);
      assertThat(DriftStatistics.ks(reference.getShares(), live)).isLessThan(0.06);
    }
  }

  @Test
  void aShiftOfHalfAStandardDeviationIsSeenByBoth() {
    Random random = new Random(3);
    BinnedDistribution reference = QuantileBins.of("x", normal(random, 4096, 0, 1), 10);
    long[] live = QuantileBins.counts(reference.getEdges(), normal(random, 2000, 0.5, 1));

    assertThat(DriftStatistics.psi(reference.getShares(), live)).isGreaterThan(0.2);
    assertThat(DriftStatistics.ks(reference.getShares(), live)).isGreaterThan(0.15);
  }

  @Test
  void aNewValueNeverSeenInTheReferenceGivesALargeFiniteIndex() {
    double[] zeros = new double[1000];
    BinnedDistribution reference = QuantileBins.of("flag", zeros, 10);
    double[] live = new double[1000];
    for (int i = 0; i < 300; i++) {
      live[i] = 1;
    }
    double psi =
        DriftStatistics.psi(reference.getShares(), QuantileBins.counts(reference.getEdges(), live));

    assertThat(psi).isFinite().isGreaterThan(1);
  }

  @Test
  void pageHinkleyIsQuietOnASteadyErrorRateAndAlarmsSoonAfterARise() {
    Random random = new Random(4);
    PageHinkley test = new PageHinkley(0.01, 50, 500);
    for (int i = 0; i < 100_000; i++) {
      assertThat(test.add(random.nextDouble() < 0.02 ? 1 : 0)).as("observation %d", i).isFalse();
    }
    int delay = 0;
    boolean alarm = false;
    while (!alarm && delay < 10_000) {
      alarm = test.add(random.nextDouble() < 0.12 ? 1 : 0);
      delay++;
    }
    assertThat(alarm).isTrue();
    // a rise of 0.10 with tolerance 0.01 needs about 50 / 0.09 = 556 observations
    assertThat(delay).isBetween(200, 1500);
  }

  @Test
  void referenceProfilesCountDeclinesAtTheThreshold() {
    var profile =
        ReferenceProfiles.of(
            List.of("a"),
            new double[][] {{1}, {2}, {3}, {4}},
            new double[] {0.1, 0.5, 0.7, 0.9},
            0.7,
            2,
            5,
            9);

    assertThat(profile.getDeclineShare()).isEqualTo(0.5);
    assertThat(profile.getFeatures()).hasSize(1);
    assertThat(profile.getExamples()).isEqualTo(4);
    assertThat(ReferenceProfiles.readable(profile)).isTrue();
  }
}
