package io.osprey.trainer.learning;

import io.osprey.model.ModelException;
import io.osprey.model.PlattCalibration;
import io.osprey.schema.ModelEnvelope;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.bootstrap.LakeBootstrap;
import io.osprey.trainer.review.OperatingThreshold;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a starting trainer's network begins: the latest envelope's weights and lineage when it was
 * trained on this trainer's feature spec and loads, else a fresh network (logged either way).
 *
 * @param learner the network to go on training
 * @param progress what it has learned from so far (offsets, window)
 * @param learnedThrough examples up to this event time are already in the network (a lake
 *     bootstrap's window); {@code Long.MIN_VALUE} when none are
 * @param threshold the resumed envelope's threshold; empty for a fresh network
 * @param parentVersion the version the weights descend from; null for a fresh network
 */
public record ResumePoint(
    NetworkLearner learner,
    TrainingProgress progress,
    long learnedThrough,
    Optional<OperatingThreshold> threshold,
    Long parentVersion) {
  private static final Logger LOG = LoggerFactory.getLogger(ResumePoint.class);

  /**
   * @param latest the latest envelope of the model on {@code models}, if any
   * @param nextVersion the version the next publication will have (for the log)
   */
  public static ResumePoint of(
      Optional<ModelEnvelope> latest, TrainerConfig config, long nextVersion) {
    String specHash = config.layout().specHash();
    if (latest.isPresent()) {
      ModelEnvelope envelope = latest.get();
      long version = envelope.getVersion();
      if (specHash.equals(envelope.getSpecHash())) {
        try {
          NetworkLearner learner = config.learner().resume(envelope, config);
          LOG.info("resuming {} from v{}: {}", config.modelName(), version, learner.describe());
          return new ResumePoint(
              learner,
              TrainingProgress.resume(envelope.getTrainingWindow()),
              LakeBootstrap.learnedThrough(envelope.getTrainingWindow()),
              Optional.of(
                  OperatingThreshold.served(
                      envelope.getThreshold(), PlattCalibration.of(envelope))),
              version);
        } catch (ModelException e) {
          LOG.warn(
              "cannot resume {} from v{} ({}); training a new network",
              config.modelName(),
              version,
              e.getMessage());
        }
      } else {
        LOG.warn(
            "{} v{} was trained on feature spec {}, this trainer uses {}: training a new network",
            config.modelName(),
            version,
            envelope.getSpecHash(),
            specHash);
      }
    }
    NetworkLearner learner = config.learner().fresh(config);
    LOG.info(
        "training {} from scratch (next version v{}): {}",
        config.modelName(),
        nextVersion,
        learner.describe());
    return new ResumePoint(
        learner, TrainingProgress.fresh(), Long.MIN_VALUE, Optional.empty(), null);
  }
}
