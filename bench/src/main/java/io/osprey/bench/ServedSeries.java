package io.osprey.bench;

import io.osprey.bench.quality.WindowQuality;
import io.osprey.schema.Prediction;
import io.osprey.trainer.intake.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The served decisions judged on the report's windows, as the recomputed contenders are: over each
 * window alone, and over everything from the first example to the window's end ("since start",
 * which stays defined when a window holds no fraud).
 *
 * @param perWindow one entry per window, in order
 * @param sinceStart one entry per window, in order; the last covers every example
 */
record ServedSeries(List<ServedQuality> perWindow, List<ServedQuality> sinceStart) {

  /**
   * @param examples matured examples in event-time order
   * @param predictions the served predictions by event id
   */
  static ServedSeries of(
      List<WindowQuality> windows,
      List<LabelledExample> examples,
      Map<String, Prediction> predictions) {
    List<ServedQuality> perWindow = new ArrayList<>(windows.size());
    List<ServedQuality> sinceStart = new ArrayList<>(windows.size());
    for (WindowQuality w : windows) {
      perWindow.add(
          ServedQuality.of(
              examples.stream()
                  .filter(
                      e -> e.eventTime() >= w.fromEventTime() && e.eventTime() <= w.toEventTime())
                  .toList(),
              predictions));
      sinceStart.add(
          ServedQuality.of(
              examples.stream().filter(e -> e.eventTime() <= w.toEventTime()).toList(),
              predictions));
    }
    return new ServedSeries(List.copyOf(perWindow), List.copyOf(sinceStart));
  }
}
