package io.osprey.trainer.learning;

import io.osprey.schema.MonitoringEvent;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.monitoring.TrainerMonitoring;
import io.osprey.trainer.review.OperatingThreshold;
import io.osprey.trainer.review.ThresholdPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The logistic-regression baseline as the online trainer runs it: it learns from exactly the
 * batches the network learns from, is evaluated prequentially the same way, decides at its own
 * threshold (chosen by the same {@link ThresholdPolicy} on its own recent scores at each
 * publication), and reports next to the network: {@code baseline_logreg_*} in the envelope, {@code
 * baseline.logreg.*} on {@code monitoring}.
 *
 * <p>A yardstick for this run only: it starts afresh when the trainer starts. Owned by the training
 * thread; {@link #evaluation()} may be read from any thread.
 */
public final class BaselineTrack {
  private final OnlineLogisticRegression model;
  private final PrequentialEvaluator evaluator;
  private final ThresholdPolicy policy;
  private OperatingThreshold threshold;

  public BaselineTrack(TrainerConfig config) {
    this.model =
        new OnlineLogisticRegression(
            config.layout().size(),
            config.baselineLearningRate(),
            config.shape().l2(),
            config.imbalance(),
            config.shape().seed());
    this.evaluator =
        new PrequentialEvaluator(config.evaluationWindowBatches(), config.alertBudget());
    this.policy = config.thresholdPolicy();
    this.threshold = OperatingThreshold.uncalibrated(policy.fixedThreshold());
  }

  /** Scores the batch the network has just been evaluated and trained on, then learns from it. */
  public void learn(TrainingBatch learnable) {
    evaluator.record(
        model.evaluateThenFit(learnable),
        learnable.labels(),
        threshold.raw(),
        learnable.fromEventTime(),
        learnable.toEventTime());
  }

  public EvaluationSnapshot evaluation() {
    return evaluator.snapshot();
  }

  /**
   * At a publication of the network: moves the baseline's threshold like the network's, adds its
   * recent figures to the envelope's and returns its monitoring events.
   */
  public List<MonitoringEvent> atPublication(
      String modelName, long version, Map<String, Double> envelopeFigures, long now) {
    threshold =
        threshold.next(
            policy, evaluator.windowScores(), evaluator.windowLabels(), Optional.empty());
    EvaluationSnapshot evaluation = evaluator.snapshot();
    envelopeFigures.put("baseline_logreg_f1", evaluation.recent().f1());
    double prAuc = evaluation.recentRanking().prAuc();
    if (Double.isFinite(prAuc)) {
      envelopeFigures.put("baseline_logreg_pr_auc", prAuc);
    }
    return TrainerMonitoring.baselineAtPublication(
        modelName, version, evaluation, threshold.raw(), now);
  }
}
