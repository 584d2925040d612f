package io.osprey.bench.quality;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.LearnerKind;
import io.osprey.trainer.learning.WideAndDeepLearner;
import io.osprey.trainer.review.ThresholdPolicy;
import java.util.Objects;

/**
 * How a {@link QualityEvaluation} trains and judges its three contenders.
 *
 * @param shape the network of the online model and of the upper bound
 * @param learner which online learner the trainer runs ({@code trainer.learner})
 * @param wideAndDeep how a wide-and-deep learner is built
 * @param imbalance class-imbalance handling of all three
 * @param batchSize online mini-batch size
 * @param baselineLearningRate SGD step of the online logistic regression
 * @param thresholdPolicy how each model's operating threshold is chosen (per window for the online
 *     models, from the window before; once, in sample, for the upper bound)
 * @param upperBoundEpochs passes of the offline model over all examples
 * @param upperBoundBatchSize its mini-batch size
 * @param windows how event time is cut into windows
 */
public record QualityOptions(
    MlpShape shape,
    LearnerKind learner,
    WideAndDeepLearner.Recipe wideAndDeep,
    ImbalancePolicy imbalance,
    int batchSize,
    double baselineLearningRate,
    ThresholdPolicy thresholdPolicy,
    int upperBoundEpochs,
    int upperBoundBatchSize,
    QualityWindows windows) {
  public QualityOptions {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(wideAndDeep, "wideAndDeep");
    Objects.requireNonNull(imbalance, "imbalance");
    Objects.requireNonNull(thresholdPolicy, "thresholdPolicy");
    Objects.requireNonNull(windows, "windows");
    if (batchSize < 1 || upperBoundEpochs < 1 || upperBoundBatchSize < 1) {
      throw new IllegalArgumentException("batch sizes and epochs must be positive");
    }
    if (!(baselineLearningRate > 0)) {
      throw new IllegalArgumentException("the baseline needs a positive learning rate");
    }
  }

  /**
   * The models exactly as the trainer is configured (learner, network, imbalance, batch size,
   * threshold target, baseline rate; the bootstrap's epoch limit and batch size for the upper
   * bound).
   */
  public static QualityOptions from(TrainerConfig config, QualityWindows windows) {
    return new QualityOptions(
        config.shape(),
        config.learner(),
        config.wideAndDeep(),
        config.imbalance(),
        config.batchSize(),
        config.baselineEnabled()
            ? config.baselineLearningRate()
            : io.osprey.trainer.TrainerSettings.BASELINE_LEARNING_RATE.defaultValue(),
        config.thresholdPolicy(),
        config.bootstrap().maxEpochs(),
        config.bootstrap().batchSize(),
        windows);
  }
}
