package io.osprey.bench.quality;

import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.EpochTrainer;
import io.osprey.trainer.learning.ImbalancePolicy;
import java.util.List;

/**
 * The in-sample upper bound: the same network trained offline on every example (normaliser fitted
 * on all of them, several shuffled epochs), then asked to score the very examples it learned from.
 * No online model can expect to beat it on the same data: it has seen the future and the answers. A
 * gap between it and the online model is what learning online (and honestly) costs; a gap that
 * vanishes says the network's capacity, not the online setting, is the limit.
 */
public final class OfflineUpperBound {
  private final MlpShape shape;
  private final ImbalancePolicy imbalance;
  private final int epochs;
  private final int batchSize;

  public OfflineUpperBound(MlpShape shape, ImbalancePolicy imbalance, int epochs, int batchSize) {
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("epochs and batch size must be positive");
    }
    this.shape = shape;
    this.imbalance = imbalance;
    this.epochs = epochs;
    this.batchSize = batchSize;
  }

  /** The upper bound of a quality evaluation. */
  static OfflineUpperBound of(QualityOptions options) {
    return new OfflineUpperBound(
        options.shape(),
        options.imbalance(),
        options.upperBoundEpochs(),
        options.upperBoundBatchSize());
  }

  /**
   * Trains on all {@code examples} and returns their in-sample scores (probabilities, imbalance
   * corrected), aligned with {@code examples}.
   */
  public double[] inSampleScores(List<LabelledExample> examples) {
    if (examples.isEmpty()) {
      return new double[0];
    }
    TrainingBatch all = LabelledExample.batch(examples);
    int features = all.features()[0].length;
    Dl4jMlp model = Dl4jMlp.create(shape, features);
    model.setNormalizer(EpochTrainer.fitNormalizer(all.features(), features));
    EpochTrainer trainer = new EpochTrainer(model, imbalance, batchSize, shape.seed());
    for (int epoch = 0; epoch < epochs; epoch++) {
      trainer.fitEpoch(all.features(), all.labels());
    }
    return EpochTrainer.scores(model, all.features(), imbalance.logitCorrection());
  }
}
