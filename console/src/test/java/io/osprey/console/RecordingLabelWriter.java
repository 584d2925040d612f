package io.osprey.console;

import java.util.ArrayList;
import java.util.List;

/** Keeps the labels it is asked to write; fails the next write when told to. */
final class RecordingLabelWriter implements LabelWriter {
  record Written(String eventId, boolean fraud, long labelTime) {}

  final List<Written> written = new ArrayList<>();
  boolean failNext;

  @Override
  public synchronized void write(String eventId, boolean fraud, long labelTime) throws Exception {
    if (failNext) {
      failNext = false;
      throw new java.io.IOException("broker unreachable");
    }
    written.add(new Written(eventId, fraud, labelTime));
  }

  @Override
  public void close() {}
}
