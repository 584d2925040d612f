package io.osprey.trainer.learning;

import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.monitoring.TrainerMetrics;
import io.osprey.trainer.review.HoldOut;
import io.osprey.trainer.review.OperatingThreshold;
import java.util.Map;
import java.util.Optional;

/**
 * The network as it learns online: each batch's held-out examples go to the hold-out, the rest are
 * scored first and learned from after (prequential evaluation), by the network and by the baseline
 * beside it; and what the weights have learned from, for the next publication's lineage.
 *
 * <p>Owned by the training thread; {@link #evaluation}, {@link #baselineEvaluation}, {@link
 * #examplesTrained} and {@link #examplesHeldOut} may be read from any thread.
 */
public final class OnlineLearning {
  private final TrainerConfig config;
  private final TrainerMetrics metrics;
  private final PrequentialEvaluator evaluator;
  private volatile BaselineTrack baseline; // null when disabled
  private volatile long examplesTrained;
  private volatile long examplesHeldOut;

  private NetworkLearner learner;
  private TrainingProgress progress;
  private long learnedThrough = Long.MIN_VALUE;
  private Long parentVersion;

  public OnlineLearning(TrainerConfig config, TrainerMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.evaluator =
        new PrequentialEvaluator(config.evaluationWindowBatches(), config.alertBudget());
  }

  /**
   * Starts from the latest envelope on {@code models} (its weights and lineage, when they fit) or
   * from a fresh network.
   *
   * @param nextVersion the version the next publication will have (for the log)
   * @return the resumed envelope's threshold, if the network was resumed
   */
  public Optional<OperatingThreshold> resume(Optional<ModelEnvelope> latest, long nextVersion) {
    ResumePoint start = ResumePoint.of(latest, config, nextVersion);
    learner = start.learner();
    progress = start.progress();
    learnedThrough = start.learnedThrough();
    parentVersion = start.parentVersion();
    baseline = config.baselineEnabled() ? new BaselineTrack(config) : null;
    return start.threshold();
  }

  /**
   * Forgets the weights: a fresh network learns from here on (a drift alert asked for it). The
   * consumed offsets stay; the next publication has no parent.
   */
  public void restartFresh() {
    learner = Learner.fresh(config.shape(), config.layout().size(), config.imbalance());
    parentVersion = null;
  }

  /** Whether the resumed network already learned the examples of this event time (a bootstrap). */
  public boolean alreadyLearned(long eventTime) {
    return eventTime <= learnedThrough;
  }

  /**
   * Keeps the batch's held-out examples for the review and learns from the rest, deciding at {@code
   * threshold} for the prequential figures.
   */
  public void train(TrainingBatch batch, HoldOut holdOut, OperatingThreshold threshold) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.heldOut()[i]) {
        holdOut.add(batch.features()[i], batch.labels()[i] >= 0.5);
      }
    }
    examplesHeldOut += batch.heldOutCount();
    metrics.heldOut(batch.heldOutCount());
    TrainingBatch learnable = batch.learnable();
    if (learnable == null) {
      progress.advance(batch.nextOffsets());
      return;
    }
    long start = System.nanoTime();
    double[] scores = learner.evaluateThenFit(learnable);
    metrics.batchTrained(learnable.size(), System.nanoTime() - start);
    progress.trained(learnable);
    metrics.evaluation(
        evaluator.record(
            scores,
            learnable.labels(),
            threshold.raw(),
            learnable.fromEventTime(),
            learnable.toEventTime()));
    if (baseline != null) {
      baseline.learn(learnable);
    }
    // Last: a reader that sees the new count also sees both evaluations of the batch.
    examplesTrained += learnable.size();
  }

  /** Examples learned since the last publication (or discarded candidate). */
  public long examplesSinceLastPublication() {
    return progress.examplesSinceLastPublication();
  }

  /** A copy of the network, for review and publication; the learner goes on with its own. */
  public Dl4jMlp snapshot() {
    return learner.snapshot();
  }

  public double logitCorrection() {
    return learner.logitCorrection();
  }

  /** The recent window's raw scores (the network's, just before it learned each example). */
  public double[] windowScores() {
    return evaluator.windowScores();
  }

  public double[] windowLabels() {
    return evaluator.windowLabels();
  }

  /** The baseline, which reports with each publication; null when disabled. */
  public BaselineTrack baseline() {
    return baseline;
  }

  /** The version the current weights descend from; null for a fresh network never published. */
  public Long parentVersion() {
    return parentVersion;
  }

  /** What the weights have learned from, for the envelope's training window. */
  public TrainingWindow window() {
    return progress.toWindow();
  }

  /** Partition to next offset of the examples the weights have learned from (or passed over). */
  public Map<Integer, Long> nextOffsets() {
    return progress.nextOffsets();
  }

  /**
   * A publication was handed over: the next version descends from it whether or not it reaches the
   * topic.
   */
  public void published(long version) {
    parentVersion = version;
    progress.markPublished();
  }

  /** A candidate was discarded: the count towards the next publication starts again. */
  public void discarded() {
    progress.markPublished();
  }

  /** Prequential figures, recent and since start. Any thread. */
  public EvaluationSnapshot evaluation() {
    return evaluator.snapshot();
  }

  /** The baseline's figures on the same examples (empty when disabled). Any thread. */
  public EvaluationSnapshot baselineEvaluation() {
    BaselineTrack track = baseline;
    return track == null ? EvaluationSnapshot.EMPTY : track.evaluation();
  }

  /** Examples trained on since the trainer started. Any thread. */
  public long examplesTrained() {
    return examplesTrained;
  }

  /** Examples kept from training for the review since the trainer started. Any thread. */
  public long examplesHeldOut() {
    return examplesHeldOut;
  }
}
