package io.osprey.trainer.learning;

import io.osprey.trainer.intake.TrainingBatch;

/**
 * A model that learns online, one mini-batch at a time, and is evaluated prequentially: each batch
 * is scored by the model as it was before it learned from that batch. The DL4J network ({@link
 * Learner}) and the logistic-regression baseline ({@link OnlineLogisticRegression}) both are, so
 * the trainer and the quality API run them side by side on the very same examples.
 */
public interface PrequentialLearner {
  /**
   * Scores the batch, then learns from it.
   *
   * @return the scores before learning, as probabilities of fraud
   */
  double[] evaluateThenFit(TrainingBatch batch);

  /** One line for logs: what kind of model, how big. */
  String describe();
}
