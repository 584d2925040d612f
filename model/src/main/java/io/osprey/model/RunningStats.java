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

  public void add(double[] values) {
    count++;
    for (int i = 0; i < mean.length; i++) {
      double delta = values[i] - mean[i];
      mean[i] += delta / count;
      m2[i] += delta * (values[i] - mean[i]);
    }
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
