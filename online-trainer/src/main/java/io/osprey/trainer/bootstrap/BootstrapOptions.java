package io.osprey.trainer.bootstrap;

/**
 * How {@link BatchTrainer} trains a model from the lake.
 *
 * @param validationFraction share of the event-time range, at its end, kept for validation
 * @param maxEpochs most passes over the training part
 * @param patience epochs without a better validation PR-AUC before stopping
 * @param batchSize examples per gradient step
 */
public record BootstrapOptions(
    double validationFraction, int maxEpochs, int patience, int batchSize) {
  public static final BootstrapOptions DEFAULT = new BootstrapOptions(0.2, 20, 3, 256);

  public BootstrapOptions {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("the validation fraction must be in (0, 1)");
    }
    if (maxEpochs < 1 || patience < 1 || batchSize < 1) {
      throw new IllegalArgumentException("epochs, patience and batch size must be positive");
    }
  }
}
