package io.osprey.trainer.review;

/** Expected calibration error, for tests: how far scores are from observed fraud rates. */
final class CalibrationError {
  private CalibrationError() {}

  /**
   * The mean, weighted by bin size, of {@code |mean score - fraud rate|} over {@code bins} equal
   * bins of the score.
   */
  static double expected(double[] scores, double[] labels, int bins) {
    double[] scoreSum = new double[bins];
    double[] labelSum = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < scores.length; i++) {
      int bin = Math.min(bins - 1, (int) (scores[i] * bins));
      scoreSum[bin] += scores[i];
      labelSum[bin] += labels[i];
      count[bin]++;
    }
    double error = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        error += Math.abs(scoreSum[b] - labelSum[b]) / scores.length;
      }
    }
    return error;
  }
}
