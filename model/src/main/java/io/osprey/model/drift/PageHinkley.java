package io.osprey.model.drift;

/**
 * The two-sided Page-Hinkley test for a change in the mean of a stream (here: the served decisions'
 * error on matured labels). For a rise it keeps {@code U_t = Σ (x_i − mean_i − δ)} and its minimum;
 * for a fall {@code L_t = Σ (x_i − mean_i + δ)} and its maximum. An alarm is due when either has
 * moved more than {@code λ} away from its extreme: {@code U_t − min U > λ} (the mean rose) or
 * {@code max L − L_t > λ} (it fell). The tolerance {@code δ} is the change in mean not worth
 * reporting (it also pulls both sums back towards their extremes while nothing changes), and {@code
 * λ} trades detection delay for false alarms: after the mean moves by {@code Δ > δ}, the alarm
 * comes after about {@code λ / (Δ − δ)} observations.
 *
 * <p>No alarm before {@code minObservations}, so the running mean is known first. After an alarm
 * the test restarts: mean, sums and count start again from the next observation, so it learns the
 * new level and alarms again only on a further change (the caller reports each alarm once).
 */
public final class PageHinkley {
  /** Which way the mean moved at the last alarm. */
  public enum Direction {
    RISE,
    FALL
  }

  private final double delta;
  private final double lambda;
  private final long minObservations;
  private long observations;
  private double mean;
  private double rise; // U_t
  private double riseMinimum;
  private double fall; // L_t
  private double fallMaximum;
  private double lastAlarm = Double.NaN;
  private Direction lastDirection;
  private long alarms;

  public PageHinkley(double delta, double lambda, long minObservations) {
    if (!(delta >= 0) || !(lambda > 0) || minObservations < 1) {
      throw new IllegalArgumentException("need delta >= 0, lambda > 0, minObservations >= 1");
    }
    this.delta = delta;
    this.lambda = lambda;
    this.minObservations = minObservations;
  }

  /** Adds one observation; true when it raises an alarm (the test then restarts). */
  public boolean add(double x) {
    observations++;
    mean += (x - mean) / observations;
    rise += x - mean - delta;
    riseMinimum = Math.min(riseMinimum, rise);
    fall += x - mean + delta;
    fallMaximum = Math.max(fallMaximum, fall);
    if (observations < minObservations) {
      return false;
    }
    if (riseStatistic() > lambda || fallStatistic() > lambda) {
      lastDirection = riseStatistic() >= fallStatistic() ? Direction.RISE : Direction.FALL;
      lastAlarm = statistic();
      alarms++;
      reset();
      return true;
    }
    return false;
  }

  /** {@code U_t − min U}: how far the mean's rise has accumulated. */
  public double riseStatistic() {
    return rise - riseMinimum;
  }

  /** {@code max L − L_t}: how far the mean's fall has accumulated. */
  public double fallStatistic() {
    return fallMaximum - fall;
  }

  /** The larger of the two statistics: how close the test is to an alarm either way. */
  public double statistic() {
    return Math.max(riseStatistic(), fallStatistic());
  }

  /** The statistic when the last alarm was raised (NaN before any). */
  public double lastAlarm() {
    return lastAlarm;
  }

  /** Which way the mean moved at the last alarm (null before any). */
  public Direction lastDirection() {
    return lastDirection;
  }

  /** Alarms raised since construction. */
  public long alarms() {
    return alarms;
  }

  /** Observations since the last restart. */
  public long observations() {
    return observations;
  }

  /** The running mean of the observations since the last restart. */
  public double mean() {
    return mean;
  }

  /** Starts again: no observations, no accumulated change. */
  public void reset() {
    observations = 0;
    mean = 0;
    rise = 0;
    riseMinimum = 0;
    fall = 0;
    fallMaximum = 0;
  }
}
