package io.osprey.ingest.model;

import io.osprey.schema.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The features of one event; becomes a {@link FeatureVector} on the way out. */
public class FeatureRow {
  public String eventId;
  public String entityId;
  public long eventTime;
  public String specHash;

  /**
   * In the order of the feature spec's layout ({@link io.osprey.schema.features.FeatureLayout}).
   */
  public double[] values;

  public long ingestTime;
  public long featureTime;

  /**
   * The event arrived behind the watermark: it was scored with its entity's state as it was, which
   * may lack earlier events already pruned from the window (see SpecFeatures).
   */
  public boolean late;

  public FeatureRow() {}

  public FeatureVector toAvro() {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return FeatureVector.newBuilder()
        .setEventId(eventId)
        .setEntityId(entityId)
        .setEventTime(eventTime)
        .setSpecHash(specHash)
        .setValues(list)
        .setIngestTime(ingestTime)
        .setFeatureTime(featureTime)
        .setLate(late)
        .build();
  }

  @Override
  public String toString() {
    return "FeatureRow{"
        + eventId
        + ", "
        + entityId
        + (late ? ", late" : "")
        + ", "
        + Arrays.toString(values)
        + "}";
  }
}
