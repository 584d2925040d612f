package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;
import org.junit.jupiter.api.Test;

class PrequentialEvaluatorTest {
  private static final double THRESHOLD = 0.5;
  private static final double BUDGET = 0.25;

  // Batch A ranks badly (the fraud below both normals), B and C perfectly.
  private static final double[] SCORES_A = {0.2, 0.6, 0.7, 0.1};
  private static final double[] LABELS_A = {1, 0, 0, 0};
  private static final double[] SCORES_B = {0.9, 0.3, 0.2, 0.1};
  private static final double[] LABELS_B = {1, 0, 0, 0};
  private static final double[] SCORES_C = {0.8, 0.4, 0.3, 0.7};
  private static final double[] LABELS_C = {1, 0, 0, 1};

  @Test
  void keepsSinceStartAndASlidingWindowOfRecentBatches() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(2, BUDGET);

    evaluator.record(SCORES_A, LABELS_A, THRESHOLD, 100, 200);
    evaluator.record(SCORES_B, LABELS_B, THRESHOLD, 150, 300);
    EvaluationSnapshot snapshot = evaluator.record(SCORES_C, LABELS_C, THRESHOLD, 300, 400);

    // A: FP 2, FN 1, TN 1. B: TP 1, TN 3. C: TP 2, TN 2.
    assertThat(snapshot.sinceStart()).isEqualTo(new ConfusionMatrix(3, 2, 6, 1));
    assertThat(snapshot.recent()).isEqualTo(new ConfusionMatrix(3, 0, 5, 0));
    assertThat(snapshot.batches()).isEqualTo(3);
    assertThat(snapshot.windowFromEventTime()).isEqualTo(150);
    assertThat(snapshot.windowToEventTime()).isEqualTo(400);
    assertThat(evaluator.snapshot()).isSameAs(snapshot);

    // The window (B and C) ranks every fraud above every normal.
    RankingMetrics recent = snapshot.recentRanking();
    assertThat(recent.prAuc()).isEqualTo(1.0);
    assertThat(recent.rocAuc()).isEqualTo(1.0);
    assertThat(recent.precisionAtBudget()).isEqualTo(1.0); // top 2 of 8: 0.9 and 0.8
    assertThat(recent.recallAtBudget()).isEqualTo(2.0 / 3.0);
    // Since start: frauds 0.9, 0.8, 0.7, 0.2 among normals 0.7, 0.6, 0.4, 0.3, 0.3, 0.2, 0.1, 0.1.
    // ROC: 0.9 and 0.8 beat all 8; 0.7 beats 7 and ties 1; 0.2 beats 2 and ties 1 -> 26/32.
    assertThat(snapshot.sinceStartRanking().rocAuc()).isCloseTo(26.0 / 32.0, offset(1e-12));
    assertThat(evaluator.windowScores()).containsExactly(0.9, 0.3, 0.2, 0.1, 0.8, 0.4, 0.3, 0.7);
    assertThat(evaluator.windowLabels()).containsExactly(1, 0, 0, 0, 1, 0, 0, 1);
  }

  @Test
  void metricsMapNamesTheWindowPlainAndTheRunSinceStart() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(1, BUDGET);
    evaluator.record(SCORES_A, LABELS_A, THRESHOLD, 0, 1);
    EvaluationSnapshot snapshot = evaluator.record(SCORES_B, LABELS_B, THRESHOLD, 2, 3);

    assertThat(snapshot.toMetricsMap())
        .containsEntry("precision", 1.0)
        .containsEntry("recall", 1.0)
        .containsEntry("f1", 1.0)
        .containsEntry("examples", 4.0)
        .containsEntry("pr_auc", 1.0)
        .containsEntry("roc_auc", 1.0)
        .containsEntry("precision_at_budget", 1.0)
        .containsEntry("recall_at_budget", 1.0)
        .containsEntry("precision_since_start", 1.0 / 3.0)
        .containsEntry("recall_since_start", 0.5)
        .containsEntry("examples_since_start", 8.0)
        .containsEntry("alert_budget", BUDGET)
        .containsKeys("log_loss", "pr_auc_since_start", "log_loss_since_start");
  }

  @Test
  void leavesUndefinedRankingFiguresOut() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(1, BUDGET);
    EvaluationSnapshot snapshot =
        evaluator.record(new double[] {0.1, 0.2}, new double[] {0, 0}, THRESHOLD, 0, 1);

    assertThat(snapshot.toMetricsMap())
        .doesNotContainKeys("pr_auc", "roc_auc", "recall_at_budget")
        .containsKeys("log_loss", "precision_at_budget");
  }

  @Test
  void startsEmpty() {
    EvaluationSnapshot snapshot = new PrequentialEvaluator(3, BUDGET).snapshot();
    assertThat(snapshot.batches()).isZero();
    assertThat(snapshot.recent().total()).isZero();
  }
}
