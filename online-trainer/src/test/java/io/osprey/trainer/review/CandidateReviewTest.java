package io.osprey.trainer.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.model.testing.FunctionModel;
import io.osprey.schema.MonitoringEvent;
import io.osprey.trainer.learning.EvaluationSnapshot;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.PrequentialEvaluator;
import io.osprey.trainer.learning.TrainingProgress;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.review.PromotionGate.Metric;
import io.osprey.trainer.review.PromotionGate.OnLoss;
import io.osprey.trainer.review.PromotionGate.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The candidate review without Kafka: a snapshot's calibration, threshold, verdict and publication,
 * on a hold-out and a window built by hand. Feature 0 of each row is the truth (1 for fraud),
 * feature 1 noise that the weak model believes.
 */
class CandidateReviewTest {
  private static final Calibrator CALIBRATOR = new Calibrator(true, 10);
  private static final ThresholdPolicy BUDGET =
      new ThresholdPolicy(ThresholdPolicy.Target.ALERT_BUDGET, 0.5, 0.5, 0.25, 5, 1);
  private static final Rule CHALLENGE =
      new Rule(true, Metric.PR_AUC, 0.01, 10, OnLoss.CHALLENGER, 0.1);
  private static final Rule DISCARD = new Rule(true, Metric.PR_AUC, 0.01, 10, OnLoss.DISCARD, 0.1);

  /** Ranks every fraud above every non-fraud, with scores that are not yet probabilities. */
  private static final ScoringModel SHARP =
      FunctionModel.of(2, row -> row[0] * 0.6 + 0.2 + row[1] * 0.01);

  private static final ScoringModel WEAK = FunctionModel.of(2, row -> row[1]);

  private static final OperatingThreshold CONFIGURED = OperatingThreshold.uncalibrated(0.5);

  @Test
  void theFirstCandidateIsCalibratedAndBecomesChampion() {
    Review review =
        new CandidateReview(CALIBRATOR, BUDGET, new PromotionGate(CHALLENGE))
            .review(SHARP, evidence(null));

    assertThat(review.discarded()).isFalse();
    assertThat(review.verdict().winner()).isTrue();
    assertThat(review.role()).isEqualTo(ModelEnvelopes.CHAMPION);
    assertThat(review.calibration())
        .hasValueSatisfying(c -> assertThat(c.method()).isEqualTo(Calibrator.HOLDOUT));
    // The scorer serves calibrated scores, and the threshold lives on both scales.
    double[] fraud = {1, 0.5};
    double calibrated = review.calibration().get().calibration().apply(SHARP.score(fraud));
    assertThat(review.scorer().score(fraud)).isEqualTo(calibrated);
    assertThat(review.threshold().served())
        .isEqualTo(review.calibration().get().calibration().apply(review.threshold().raw()));
  }

  @Test
  void theThresholdMovesOnTheWindowEvenWhenTheCandidateIsDiscarded() {
    Review review =
        new CandidateReview(CALIBRATOR, BUDGET, new PromotionGate(DISCARD))
            .review(WEAK, evidence(SHARP));

    assertThat(review.verdict().winner()).isFalse();
    assertThat(review.discarded()).isTrue();
    // A quarter of eight window scores are alerts: the threshold is the second highest, 0.8.
    assertThat(review.threshold().raw()).isEqualTo(0.8);
    assertThat(review.threshold()).isNotEqualTo(CONFIGURED);
    assertThatThrownBy(
            () -> review.draft(lineage(), EvaluationSnapshot.EMPTY, 0, null, List.of(), 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLoserIsPublishedAsChallengerWithTheComparisonBehindIt() {
    Review review =
        new CandidateReview(CALIBRATOR, BUDGET, new PromotionGate(CHALLENGE))
            .review(WEAK, evidence(SHARP));
    MonitoringEvent setAside =
        TrainerMonitoring.setAside("fraud-mlp", 7, "training-examples-0@7 undecodable", 1_000);

    Review.Draft draft =
        review.draft(lineage(), evaluation(), -0.25, null, List.of(setAside), 2_000);

    ModelEnvelopes.Publication publication = draft.publication();
    assertThat(publication.role()).isEqualTo(ModelEnvelopes.CHALLENGER);
    assertThat(publication.version()).isEqualTo(12);
    assertThat(publication.parentVersion()).isEqualTo(11);
    assertThat(publication.threshold()).isEqualTo(review.threshold().served());
    assertThat(publication.calibration() != null).isEqualTo(review.calibration().isPresent());
    assertThat(publication.metrics())
        .containsEntry(ImbalancePolicy.CORRECTION_METRIC, -0.25)
        .containsEntry("held_out_labels", 40.0)
        .containsEntry("gate_candidate", review.verdict().first())
        .containsEntry("gate_champion", review.verdict().second())
        .containsKey("pr_auc");
    assertThat(review.verdict().first()).isLessThan(review.verdict().second());
    // Monitoring: the figures first, then what was set aside, then the verdict.
    List<MonitoringEvent> events = draft.monitoring();
    assertThat(events).contains(setAside);
    MonitoringEvent last = events.get(events.size() - 1);
    assertThat(last.getMetric()).isEqualTo("trainer.promotion");
    assertThat(last.getValue()).isZero();
    assertThat(last.getModelVersion()).isEqualTo(12L);
    assertThat(last.getDetail()).contains("v12 published as challenger");
    assertThat(events.indexOf(setAside)).isEqualTo(events.size() - 2);
  }

  @Test
  void withoutCalibrationTheCandidateIsServedAsItIs() {
    Review review =
        new CandidateReview(Calibrator.DISABLED, BUDGET, new PromotionGate(Rule.DISABLED))
            .review(WEAK, evidence(SHARP));

    assertThat(review.scorer()).isSameAs(WEAK);
    assertThat(review.calibration()).isEmpty();
    assertThat(review.verdict().reason()).isEqualTo("gate disabled");
    assertThat(review.threshold().served()).isEqualTo(review.threshold().raw());
    assertThat(review.draft(lineage(), evaluation(), 0, null, List.of(), 1).publication())
        .satisfies(p -> assertThat(p.calibration()).isNull())
        .satisfies(p -> assertThat(p.role()).isEqualTo(ModelEnvelopes.CHAMPION));
  }

  /**
   * 40 held-out rows, a quarter of them frauds; a window of eight raw scores, two of them frauds.
   */
  private static CandidateReview.Evidence evidence(ScoringModel champion) {
    HoldOut holdOut = new HoldOut(0.1, 100);
    for (int i = 0; i < 40; i++) {
      boolean fraud = i % 4 == 0;
      double noise = ((i * 37) % 40) / 40.0;
      holdOut.add(new double[] {fraud ? 1 : 0, noise}, fraud);
    }
    double[] windowScores = {0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1};
    double[] windowLabels = {1, 0, 1, 0, 0, 0, 0, 0};
    return new CandidateReview.Evidence(holdOut, windowScores, windowLabels, CONFIGURED, champion);
  }

  private static Review.Lineage lineage() {
    return new Review.Lineage(
        "fraud-mlp",
        12,
        11L,
        "spec",
        List.of("truth", "noise"),
        TrainingProgress.fresh().toWindow(),
        "test");
  }

  private static EvaluationSnapshot evaluation() {
    PrequentialEvaluator evaluator = new PrequentialEvaluator(4, 0.25);
    return evaluator.record(
        new double[] {0.9, 0.2, 0.7, 0.1}, new double[] {1, 0, 1, 0}, 0.5, 1_000L, 2_000L);
  }
}
