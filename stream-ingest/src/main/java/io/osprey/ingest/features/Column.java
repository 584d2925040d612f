package io.osprey.ingest.features;

import io.osprey.ingest.model.Event;

/** One feature of the spec, compiled: writes its column(s) of an event's vector. */
interface Column {
  /** Writes this feature's values for {@code event} into {@code out} from {@code at} on. */
  void write(Event event, History history, double[] out, int at);

  /** How many columns it writes. */
  int width();
}
