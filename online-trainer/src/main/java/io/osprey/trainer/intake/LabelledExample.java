package io.osprey.trainer.intake;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import java.util.Comparator;
import java.util.List;

/**
 * One matured example as the batch trainer and the quality API see it: its raw feature values, its
 * label and when the event happened. Whatever it was read from (the lake's Parquet files, the
 * {@code training-examples} topic), lists of these are kept in event-time order.
 */
public record LabelledExample(String eventId, long eventTime, double[] values, boolean fraud) {
  /** Event time, then event id: a total order, so a sort is the same on every run. */
  public static final Comparator<LabelledExample> BY_EVENT_TIME =
      Comparator.comparingLong(LabelledExample::eventTime).thenComparing(LabelledExample::eventId);

  /** The example's values and label; the caller has checked the feature spec. */
  public static LabelledExample of(TrainingExample example) {
    FeatureVector vector = example.getFeatures();
    List<Double> boxed = vector.getValues();
    double[] values = new double[boxed.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = boxed.get(i);
    }
    return new LabelledExample(
        vector.getEventId(), vector.getEventTime(), values, example.getFraud());
  }

  /** Whether every value is a finite number: one NaN would poison weights and normaliser. */
  public boolean finite() {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** The rows and labels of {@code examples} as one mini-batch (no offsets: not from Kafka). */
  public static TrainingBatch batch(List<LabelledExample> examples) {
    double[][] features = new double[examples.size()][];
    double[] labels = new double[examples.size()];
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (int i = 0; i < features.length; i++) {
      LabelledExample example = examples.get(i);
      features[i] = example.values();
      labels[i] = example.fraud() ? 1 : 0;
      from = Math.min(from, example.eventTime());
      to = Math.max(to, example.eventTime());
    }
    return new TrainingBatch(features, labels, from, to, java.util.Map.of());
  }
}
