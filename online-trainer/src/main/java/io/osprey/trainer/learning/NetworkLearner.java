package io.osprey.trainer.learning;

import io.osprey.model.dl4j.Dl4jMlp;

/**
 * A prequential learner whose knowledge publishes as one DL4J network, the model the trainer
 * reviews, publishes and resumes from: today's network alone ({@link Learner}) or a linear part
 * beside a network ({@link WideAndDeepLearner}), chosen by {@code trainer.learner} ({@link
 * LearnerKind}).
 */
public interface NetworkLearner extends PrequentialLearner {
  /** A deep copy to publish while training goes on, its scores corrected to probabilities. */
  Dl4jMlp snapshot();

  /** The correction {@link #snapshot()} bakes in; recorded in the envelope's metrics. */
  double logitCorrection();
}
