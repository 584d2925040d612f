package io.osprey.model.drift;

/**
 * The Page-Hinkley test for an increase in the mean of a stream (here: the served decisions' error
 * on matured labels). It keeps {@code m_t = Σ (x_i − mean_i − δ)} and its minimum {@code M_t}; an
 * alarm is due when {@code m_t − M_t > λ}. The tolerance {@code δ} is the change in mean not worth
 * reporting (it also makes {@code m_t} fall while nothing changes), and {@code λ} trades detection
 * delay for false alarms: after the mean rises by {@code Δ > δ}, the alarm comes after about {@code
 * λ / (Δ − δ)} observations.
 *
 * <p>No alarm before {@code minObservations}, so the running mean is known first. After an alarm
 * the test starts again (the caller reports it once).
 */
public final class PageHinkley {
  private final double delta;
  private final double lambda;
  private final long minObservations;
  private long observations;
  private double mean;
  private double cumulative;
  private double minimum;
  private double lastAlarm = Double.NaN;

  public PageHinkley(double delta, double lambda, long minObservations) {
    if (!(delta >= 0) || !(lambda > 0) || minObservations < 1) {
      throw new IllegalArgumentException("need delta >= 0, lambda > 0, minObservations >= 1");
    }
    this.delta = delta;
    this.lambda = lambda;
    this.minObservations = minObservations;
  }

  /** Adds one observation; true when it raises an alarm (the test then starts again). */
  public boolean add(double x) {
    observations++;
    mean += (x - mean) / observations;
    cumulative += x - mean - delta;
    minimum = Math.min(minimum, cumulative);
    if (observations >= minObservations && statistic() > lambda) {
      lastAlarm = statistic();
      reset();
      return true;
    }
    return false;
  }

  /** {@code m_t − M_t}: how far the cumulative deviation has risen above its lowest point. */
  public double statistic() {
    return cumulative - minimum;
  }

  /** The statistic when the last alarm was raised (NaN before any). */
  public double lastAlarm() {
    return lastAlarm;
  }

  public long observations() {
    return observations;
  }

  /** The running mean of the observations since the last reset. */
  public double mean() {
    return mean;
  }

  public void reset() {
    observations = 0;
    mean = 0;
    cumulative = 0;
    minimum = 0;
  }
}
