package io.osprey.trainer.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentComparisonTest {
  /** Labels with 5% positives; a sharp model scores them near the truth, a stale one near 0.5. */
  private static double[][] stream(int n, long seed) {
    Random random = new Random(seed);
    double[] labels = new double[n];
    double[] sharp = new double[n];
    double[] stale = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.05 ? 1 : 0;
      sharp[i] = labels[i] == 1 ? 0.6 + 0.3 * random.nextDouble() : 0.1 * random.nextDouble();
      stale[i] = 0.3 + 0.4 * random.nextDouble();
    }
    return new double[][] {sharp, stale, labels};
  }

  @Test
  void aClearlyBetterLearnerIsSeenOnceTheWindowIsHalfFull() {
    RecentComparison comparison = new RecentComparison(1_000, 3.0);
    double[][] s = stream(400, 1);
    comparison.add(s[0], s[1], s[2]);
    assertThat(comparison.clearlyBetter()).isFalse(); // 400 < half the window: not judged
    assertThat(comparison.z()).isNaN();

    double[][] more = stream(400, 2);
    comparison.add(more[0], more[1], more[2]);
    assertThat(comparison.z()).isGreaterThan(3.0);
    assertThat(comparison.clearlyBetter()).isTrue();

    comparison.reset();
    assertThat(comparison.size()).isZero();
    assertThat(comparison.clearlyBetter()).isFalse();
  }

  @Test
  void equalModelsAndAWorseLearnerAreNotClearlyBetter() {
    double[][] s = stream(2_000, 3);
    RecentComparison same = new RecentComparison(2_000, 3.0);
    same.add(s[1], s[1], s[2]);
    assertThat(same.clearlyBetter()).isFalse();

    RecentComparison worse = new RecentComparison(2_000, 3.0);
    worse.add(s[1], s[0], s[2]);
    assertThat(worse.z()).isLessThan(-3.0);
    assertThat(worse.clearlyBetter()).isFalse();

    RecentComparison off = new RecentComparison(2_000, 0);
    off.add(s[0], s[1], s[2]);
    assertThat(off.clearlyBetter()).isFalse();
  }

  @Test
  void slidesOverTheLatestExamplesOnly() {
    // First the learner is worse, then better: the window forgets the past.
    RecentComparison comparison = new RecentComparison(500, 3.0);
    double[][] early = stream(2_000, 4);
    comparison.add(early[1], early[0], early[2]);
    assertThat(comparison.clearlyBetter()).isFalse();
    double[][] late = stream(500, 5);
    comparison.add(late[0], late[1], late[2]);
    assertThat(comparison.size()).isEqualTo(500);
    assertThat(comparison.clearlyBetter()).isTrue();
  }

  @Test
  void tooFewPositivesAreNotJudged() {
    RecentComparison comparison = new RecentComparison(100, 3.0);
    double[] labels = new double[100];
    double[] good = new double[100];
    double[] bad = new double[100];
    java.util.Arrays.fill(good, 0.01);
    java.util.Arrays.fill(bad, 0.4);
    comparison.add(good, bad, labels);
    assertThat(comparison.z()).isNaN();
    assertThat(comparison.clearlyBetter()).isFalse();
  }
}
