package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.trainer.OnlineTrainer;
import org.junit.jupiter.api.Test;

/** The drift part of the demo's status line. */
class DemoRunTest {
  @Test
  void saysNothingUntilTheFirstAlert() {
    assertThat(DemoRun.driftStatus(new OnlineTrainer.DriftCounts(0, 0, null))).isEmpty();
  }

  @Test
  void showsTheCountsThenTheLatestActionAndTheGatesDecision() {
    String status =
        DemoRun.driftStatus(
            new OnlineTrainer.DriftCounts(
                14, 1, "retrain done: published v12 → gate kept champion v9"));

    assertThat(status)
        .isEqualTo(
            " | drift alerts 14, retrains 1 | retrain done: published v12 → gate kept champion v9");
  }

  @Test
  void anAlertWithNoActionYetShowsTheCountsOnly() {
    assertThat(DemoRun.driftStatus(new OnlineTrainer.DriftCounts(3, 0, null)))
        .isEqualTo(" | drift alerts 3, retrains 0");
  }
}
