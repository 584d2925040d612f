package io.osprey.trainer.learning;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.schema.ModelEnvelope;
import io.osprey.trainer.TrainerConfig;

/** Which learner the trainer runs ({@code trainer.learner}); each publishes one DL4J network. */
public enum LearnerKind {
  /** The network alone ({@link Learner}): ReLU layers, sigmoid output, one Adam step a batch. */
  MLP,
  /**
   * Hedged linear parts beside the network, learning one log-odds ({@link WideAndDeepLearner});
   * published folded into one network with two more units per hidden layer.
   */
  WIDE_AND_DEEP;

  /** A new, untrained learner of this kind for the trainer's features. */
  public NetworkLearner fresh(TrainerConfig config) {
    return fresh(config.shape(), config.layout().size(), config.imbalance(), config.wideAndDeep());
  }

  /** A new, untrained learner of this kind. */
  public NetworkLearner fresh(
      MlpShape shape,
      int features,
      ImbalancePolicy imbalance,
      WideAndDeepLearner.Recipe wideAndDeep) {
    return switch (this) {
      case MLP -> Learner.fresh(shape, features, imbalance);
      case WIDE_AND_DEEP ->
          new WideAndDeepLearner(shape, features, imbalance, wideAndDeep, shape.seed());
    };
  }

  /**
   * Continues from a published envelope (its weights with the envelope's score correction taken
   * out, and its normaliser).
   *
   * @throws ModelException if the envelope cannot be opened or its network is not of this kind's
   *     shape (then the trainer starts afresh)
   */
  public NetworkLearner resume(ModelEnvelope envelope, TrainerConfig config) {
    return switch (this) {
      case MLP -> Learner.resume(envelope, config.imbalance(), config.shape().seed());
      case WIDE_AND_DEEP -> {
        ScoringModel opened = ModelEnvelopes.open(envelope);
        if (!(opened instanceof Dl4jMlp network)) {
          throw new ModelException("cannot resume from a " + opened.format() + " model");
        }
        Double published = envelope.getMetrics().get(ImbalancePolicy.CORRECTION_METRIC);
        if (published != null) {
          network.shiftOutputLogit(-published);
        }
        try {
          yield WideAndDeepLearner.resume(
              network,
              envelope.getTrainingWindow().getExamples(),
              config.shape(),
              config.imbalance(),
              config.wideAndDeep(),
              config.shape().seed());
        } catch (IllegalArgumentException e) {
          throw new ModelException(
              "the published network is neither a folded wide-and-deep model nor a plain one of its shape: "
                  + e.getMessage(),
              e);
        }
      }
    };
  }
}
