package io.osprey.trainer.learning;

import io.osprey.trainer.intake.ExampleIntake;
import io.osprey.trainer.intake.TrainingBatch;

/**
 * The rows of a batch a learner may train on: those whose every value is finite. Intake sets such
 * examples aside before they reach a batch ({@link ExampleIntake}); this is the learners' own
 * guard, so a learner driven directly (the quality API, tests) cannot be poisoned either.
 */
record FiniteRows(double[][] features, double[] labels) {
  static FiniteRows of(TrainingBatch batch) {
    double[][] features = batch.features();
    int finite = 0;
    boolean[] keep = new boolean[features.length];
    for (int i = 0; i < features.length; i++) {
      keep[i] = allFinite(features[i]);
      finite += keep[i] ? 1 : 0;
    }
    if (finite == features.length) {
      return new FiniteRows(features, batch.labels());
    }
    double[][] rows = new double[finite][];
    double[] labels = new double[finite];
    for (int i = 0, j = 0; i < features.length; i++) {
      if (keep[i]) {
        rows[j] = features[i];
        labels[j++] = batch.labels()[i];
      }
    }
    return new FiniteRows(rows, labels);
  }

  static boolean allFinite(double[] values) {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
