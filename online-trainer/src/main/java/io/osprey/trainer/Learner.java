package io.osprey.trainer;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.RunningStats;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.schema.ModelEnvelope;

/**
 * The model being trained and its online normaliser. One call per mini-batch does, in this order:
 * score the batch with the current model (prequential evaluation), fold the batch into the running
 * feature statistics, then take one gradient step. The order is the point of this class: an example
 * must never be evaluated by a model that has already learned from it.
 *
 * <p>Owned by the training thread; {@link #snapshot()} hands a deep copy to other threads.
 */
public final class Learner {
  private final Dl4jMlp model;
  private final RunningStats stats;
  private final double threshold;

  private Learner(Dl4jMlp model, RunningStats stats, double threshold) {
    this.model = model;
    this.stats = stats;
    this.threshold = threshold;
  }

  /** A new, untrained network. */
  public static Learner fresh(MlpShape shape, int features, double threshold) {
    return new Learner(Dl4jMlp.create(shape, features), new RunningStats(features), threshold);
  }

  /**
   * Continues from a published envelope: its weights, updater state and normaliser, the latter
   * weighed as the number of examples the envelope says it was trained on.
   *
   * @throws ModelException if the envelope cannot be opened or is not a DL4J network
   */
  public static Learner resume(ModelEnvelope envelope, double threshold) {
    ScoringModel opened = ModelEnvelopes.open(envelope);
    if (!(opened instanceof Dl4jMlp network)) {
      throw new ModelException(
          "cannot resume training from a " + opened.format() + " model: not a DL4J network");
    }
    long examples = envelope.getTrainingWindow().getExamples();
    return new Learner(network, RunningStats.resume(network.normalizer(), examples), threshold);
  }

  /**
   * Evaluates the batch with the model as it is, then trains on it.
   *
   * @return the pre-training outcome of the batch at the operating threshold
   */
  public ConfusionMatrix evaluateThenFit(TrainingBatch batch) {
    double[] scores = model.scoreAll(batch.features());
    ConfusionMatrix outcome = ConfusionMatrix.of(scores, batch.labels(), threshold);
    for (double[] row : batch.features()) {
      stats.add(row);
    }
    model.setNormalizer(stats.toNormalizer());
    model.fit(batch.features(), batch.labels());
    return outcome;
  }

  /** A deep copy to publish while training goes on. */
  public Dl4jMlp snapshot() {
    return model.copy();
  }

  public String describe() {
    return model.describe();
  }
}
