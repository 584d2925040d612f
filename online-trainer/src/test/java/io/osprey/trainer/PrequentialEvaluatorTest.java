package io.osprey.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {
  private static final ConfusionMatrix GOOD = new ConfusionMatrix(4, 0, 60, 0);
  private static final ConfusionMatrix BAD = new ConfusionMatrix(1, 3, 57, 3);

  @Test
  void keepsSinceStartAndASlidingWindowOfRecentBatches() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(2);

    evaluator.record(BAD, 100, 200);
    evaluator.record(GOOD, 150, 300);
    EvaluationSnapshot snapshot = evaluator.record(GOOD, 300, 400);

    // Since start: TP 9, FP 3, FN 3.
    assertThat(snapshot.sinceStart()).isEqualTo(new ConfusionMatrix(9, 3, 177, 3));
    assertThat(snapshot.sinceStart().precision()).isEqualTo(0.75);
    assertThat(snapshot.sinceStart().recall()).isEqualTo(0.75);
    // The window of 2 has forgotten the bad first batch.
    assertThat(snapshot.recent()).isEqualTo(new ConfusionMatrix(8, 0, 120, 0));
    assertThat(snapshot.recent().f1()).isEqualTo(1.0);
    assertThat(snapshot.batches()).isEqualTo(3);
    assertThat(snapshot.windowFromEventTime()).isEqualTo(150);
    assertThat(snapshot.windowToEventTime()).isEqualTo(400);
    assertThat(evaluator.snapshot()).isSameAs(snapshot);
  }

  @Test
  void metricsMapNamesTheWindowPlainAndTheRunSinceStart() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(1);
    evaluator.record(BAD, 0, 1);
    EvaluationSnapshot snapshot = evaluator.record(GOOD, 2, 3);

    assertThat(snapshot.toMetricsMap())
        .containsEntry("precision", 1.0)
        .containsEntry("recall", 1.0)
        .containsEntry("f1", 1.0)
        .containsEntry("examples", 64.0)
        .containsEntry("precision_since_start", 5.0 / 8.0)
        .containsEntry("recall_since_start", 5.0 / 8.0)
        .containsEntry("examples_since_start", 128.0);
  }

  @Test
  void startsEmpty() {
    EvaluationSnapshot snapshot = new PrequentialEvaluator(3).snapshot();
    assertThat(snapshot.batches()).isZero();
    assertThat(snapshot.recent().total()).isZero();
  }
}
