package io.osprey.ingest.model;

import io.osprey.schema.TrainingExample;

/** The scored vector with its outcome; becomes a {@link TrainingExample} on the way out. */
public class Example {
  public FeatureRow features;
  public boolean fraud;

  /** Null for an implicit negative (no label before maturity). */
  public Long labelTime;

  public String labelSource;

  /**
   * Wall-clock time the example was emitted (maturity window closed, or a correcting label came).
   * For one event id, the example with the largest maturedTime is the current one.
   */
  public long maturedTime;

  public Example() {}

  public static Example labelled(FeatureRow features, LabelEvent label, long now) {
    Example e = new Example();
    e.features = features;
    e.fraud = label.fraud;
    e.labelTime = label.labelTime;
    e.labelSource = label.source;
    e.maturedTime = now;
    return e;
  }

  public static Example negative(FeatureRow features, long now) {
    Example e = new Example();
    e.features = features;
    e.fraud = false;
    e.maturedTime = now;
    return e;
  }

  public TrainingExample toAvro() {
    return TrainingExample.newBuilder()
        .setFeatures(features.toAvro())
        .setFraud(fraud)
        .setLabelTime(labelTime)
        .setLabelSource(labelSource)
        .setMaturedTime(maturedTime)
        .build();
  }

  @Override
  public String toString() {
    return "Example{" + features.eventId + ", fraud=" + fraud + ", labelTime=" + labelTime + "}";
  }
}
