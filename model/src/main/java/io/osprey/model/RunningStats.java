package io.osprey.model;

/**
 * Running mean and variance per feature (Welford's algorithm), so normalisation is fitted online
 * from the stream, one example at a time, without keeping the examples.
 */
public final class RunningStats {
  private final double[] mean;
  private final double[] m2;
  private long count;

  public RunningStats(int size) {
    this.mean = new double[size];
    this.m2 = new double[size];
  }

  /** Starts from a fitted normaliser, weighing it as {@code count} earlier examples. */
  public static RunningStats resume(Normalizer normalizer, long count) {
    RunningStats stats = new RunningStats(normalizer.size());
    stats.count = count;
    for (int i = 0; i < normalizer.size(); i++) {
      stats.mean[i] = normalizer.mean()[i];
      stats.m2[i] = normalizer.std()[i] * normalizer.std()[i] * Math.max(0, count - 1);
    }
    return stats;
  }

  /**
   * Folds one example in, unless it would poison the statistics for good: a row with a NaN or an
   * infinity, or one so large that the running sums overflow, is left out and the statistics stay
   * as they were.
   *
   * @return whether the row was added
   */
  public boolean add(double[] values) {
    double[] nextMean = new double[mean.length];
    double[] nextM2 = new double[mean.length];
    long next = count + 1;
    for (int i = 0; i < mean.length; i++) {
      double delta = values[i] - mean[i];
      nextMean[i] = mean[i] + delta / next;
      nextM2[i] = m2[i] + delta * (values[i] - nextMean[i]);
      if (!Double.isFinite(nextMean[i]) || !Double.isFinite(nextM2[i])) {
        return false;
      }
    }
    count = next;
    System.arraycopy(nextMean, 0, mean, 0, mean.length);
    System.arraycopy(nextM2, 0, m2, 0, m2.length);
    return true;
  }

  public long count() {
    return count;
  }

  /** The normaliser of what was seen so far (sample standard deviation; 1 until two examples). */
  public Normalizer toNormalizer() {
    double[] std = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      std[i] = count < 2 ? 1.0 : Math.sqrt(m2[i] / (count - 1));
    }
    return new Normalizer(mean, std);
  }
}
