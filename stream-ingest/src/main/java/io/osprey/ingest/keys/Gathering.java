package io.osprey.ingest.keys;

import io.osprey.ingest.model.FeatureRow;

/**
 * One event's vector being put together ({@code gather-keys} state): the entity's vector once it
 * has come, the key groups' columns so far, and which groups have answered.
 */
public class Gathering {
  /** The entity's vector (its columns set, the keyed ones 0); null until it comes. */
  public FeatureRow row;

  /** The key groups' columns, in the spec's layout. */
  public double[] values;

  /** A bit per key group that has answered. */
  public long parts;

  public boolean late;
  public long featureTime;

  /** When this event's first piece arrived (processing time): incomplete ones expire after it. */
  public long since;

  public Gathering() {}
}
