package io.osprey.ingest.features;

import java.util.Arrays;

/**
 * An earlier event of an entity, as much of it as the spec's aggregates need: its event time and
 * the values of the fields they read ({@link FeatureEngine#remember}). NaN or null for an absent
 * value.
 */
public class Recent {
  public long eventTime;

  /** Values of the fields numeric aggregates read. */
  public double[] numbers;

  /** Values (as text) of the fields distinct counts and change detection read. */
  public String[] texts;

  public Recent() {}

  Recent(long eventTime, double[] numbers, String[] texts) {
    this.eventTime = eventTime;
    this.numbers = numbers;
    this.texts = texts;
  }

  @Override
  public String toString() {
    return "Recent{" + eventTime + ", " + Arrays.toString(numbers) + Arrays.toString(texts) + "}";
  }
}
