package io.osprey.trainer.learning;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.RunningStats;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.schema.ModelEnvelope;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.Random;

/**
 * The model being trained and its online normaliser. One call per mini-batch does, in this order:
 * score the batch with the current model (prequential evaluation), fold the batch into the running
 * feature statistics, then take one gradient step. The order is the point of this class: an example
 * must never be evaluated by a model that has already learned from it.
 *
 * <p>Class imbalance is handled per {@link ImbalancePolicy}: the network is trained on weighted or
 * down-sampled data, and every score that leaves this class (evaluation and published snapshots) is
 * corrected back to a true probability.
 *
 * <p>Owned by the training thread; {@link #snapshot()} hands a deep copy to other threads.
 */
public final class Learner implements NetworkLearner {
  private final Dl4jMlp model;
  private final RunningStats stats;
  private final ImbalancePolicy imbalance;
  private final Random sampling;
  private final RefusedSteps refusedSteps = new RefusedSteps();

  private Learner(Dl4jMlp model, RunningStats stats, ImbalancePolicy imbalance, long seed) {
    this.model = model;
    this.stats = stats;
    this.imbalance = imbalance;
    this.sampling = new Random(seed);
  }

  /** A new, untrained network. */
  public static Learner fresh(MlpShape shape, int features, ImbalancePolicy imbalance) {
    return new Learner(
        Dl4jMlp.create(shape, features), new RunningStats(features), imbalance, shape.seed());
  }

  /**
   * Continues from a published envelope: its weights (with the envelope's score correction taken
   * out), updater state and normaliser, the latter weighed as the number of examples the envelope
   * says it was trained on.
   *
   * @throws ModelException if the envelope cannot be opened or is not a DL4J network
   */
  public static Learner resume(ModelEnvelope envelope, ImbalancePolicy imbalance, long seed) {
    ScoringModel opened = ModelEnvelopes.open(envelope);
    if (!(opened instanceof Dl4jMlp network)) {
      throw new ModelException(
          "cannot resume training from a " + opened.format() + " model: not a DL4J network");
    }
    Double published = envelope.getMetrics().get(ImbalancePolicy.CORRECTION_METRIC);
    if (published != null) {
      network.shiftOutputLogit(-published);
    }
    long examples = envelope.getTrainingWindow().getExamples();
    return new Learner(
        network, RunningStats.resume(network.normalizer(), examples), imbalance, seed);
  }

  /**
   * Evaluates the batch with the model as it is, then trains on it (frauds repeated per their
   * weight, non-frauds sampled). Rows with a non-finite value are scored (NaN) but neither fold
   * into the normaliser nor train, and a step that would make the network non-finite is undone
   * ({@link Dl4jMlp#fit}): nothing a batch holds can poison the weights.
   *
   * @return the pre-training scores of the batch, as true probabilities
   */
  @Override
  public double[] evaluateThenFit(TrainingBatch batch) {
    double[] scores = model.scoreAll(batch.features());
    double correction = imbalance.logitCorrection();
    for (int i = 0; i < scores.length; i++) {
      scores[i] = ImbalancePolicy.correct(scores[i], correction);
    }
    for (double[] row : batch.features()) {
      stats.add(row); // every example: the normaliser serves the real traffic (bad rows left out)
    }
    model.setNormalizer(stats.toNormalizer());
    FiniteRows finite = FiniteRows.of(batch);
    ImbalancePolicy.Rows rows = imbalance.resample(finite.features(), finite.labels(), sampling);
    if (rows.size() > 0 && !model.fit(rows.features(), rows.labels())) {
      refusedSteps.refused(describe());
    }
    return scores;
  }

  /** Gradient steps undone because they would have made a weight or the loss non-finite. */
  public long refusedSteps() {
    return refusedSteps.count();
  }

  @Override
  public Dl4jMlp snapshot() {
    Dl4jMlp copy = model.copy();
    copy.shiftOutputLogit(imbalance.logitCorrection());
    return copy;
  }

  @Override
  public double logitCorrection() {
    return imbalance.logitCorrection();
  }

  @Override
  public String describe() {
    return model.describe();
  }
}
