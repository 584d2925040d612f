package io.osprey.trainer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  @Test
  void stopsAfterPatienceEpochsWithoutImprovementAndRemembersTheBest() {
    EarlyStopping stopping = new EarlyStopping(2);
    double[] figures = {0.50, 0.70, 0.69, 0.71, 0.71, 0.65};
    boolean[] best = new boolean[figures.length];
    int epoch = 0;
    while (!stopping.shouldStop()) {
      best[epoch] = stopping.record(figures[epoch]);
      epoch++;
    }
    // 0.71 at epoch 4; a tie is no improvement, so epochs 5 and 6 exhaust the patience.
    assertThat(stopping.epochs()).isEqualTo(6);
    assertThat(stopping.bestEpoch()).isEqualTo(4);
    assertThat(stopping.best()).isEqualTo(0.71);
    assertThat(best).containsExactly(true, true, false, true, false, false);
  }

  @Test
  void anUndefinedFigureNeverImproves() {
    EarlyStopping stopping = new EarlyStopping(1);
    assertThat(stopping.record(0.4)).isTrue();
    assertThat(stopping.record(Double.NaN)).isFalse();
    assertThat(stopping.shouldStop()).isTrue();
  }
}
