package io.osprey.trainer.bootstrap;

/**
 * Stops training when the validation figure (higher is better, e.g. PR-AUC) has not improved for
 * {@code patience} epochs in a row, and remembers which epoch was best: the model to keep is that
 * epoch's, not the last one. An undefined figure (NaN) never counts as an improvement.
 */
public final class EarlyStopping {
  private final int patience;
  private int epochs;
  private int bestEpoch;
  private double best = Double.NEGATIVE_INFINITY;

  public EarlyStopping(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be at least one epoch");
    }
    this.patience = patience;
  }

  /**
   * Records the next epoch's validation figure.
   *
   * @return whether it is the best so far (the caller keeps this epoch's model)
   */
  public boolean record(double figure) {
    epochs++;
    if (figure > best) {
      best = figure;
      bestEpoch = epochs;
      return true;
    }
    return false;
  }

  /** Whether the last {@code patience} epochs brought nothing better. */
  public boolean shouldStop() {
    return epochs - bestEpoch >= patience;
  }

  /** The best epoch, 1-based; 0 before any epoch improved on nothing. */
  public int bestEpoch() {
    return bestEpoch;
  }

  public double best() {
    return best;
  }

  public int epochs() {
    return epochs;
  }
}
