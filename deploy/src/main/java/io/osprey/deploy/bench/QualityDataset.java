package io.osprey.deploy.bench;

import io.osprey.deploy.replay.ReplaySlice;
import io.osprey.trainer.quality.QualityWindows;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real labelled dataset of the quality report: the replay preset that feeds it, the feature
 * spec the pipeline computes for it, how much of it a run replays, and how the report cuts event
 * time into windows.
 *
 * @param maturity the ingest maturity window, on event time: longer than the dataset's label delay,
 *     so each example carries the label a live system would have had by then
 */
public record QualityDataset(
    String preset, Path spec, ReplaySlice slice, Duration maturity, QualityWindows windows) {

  /**
   * 18,914 readings of 4 motes, anomalies labelled an hour later (the replay's delay); every
   * reading in both modes, windows of 30 minutes of event time (about 1,400 readings).
   */
  static QualityDataset sensors(Path specs) {
    return new QualityDataset(
        "sensors",
        specs.resolve("sensors.yaml"),
        ReplaySlice.ALL,
        Duration.ofMinutes(75),
        QualityWindows.everyEventTime(Duration.ofMinutes(30)));
  }

  /**
   * The first {@code flights} flights of 2001 (about 16,500 a day), labelled late on arrival; daily
   * windows. Nearly every label is known within 12 hours of departure.
   */
  static QualityDataset flights(Path specs, long flights) {
    return new QualityDataset(
        "flights",
        specs.resolve("flights.yaml"),
        ReplaySlice.firstRows(flights),
        Duration.ofHours(12),
        QualityWindows.everyEventTime(Duration.ofDays(1)));
  }

  /** This dataset, replaying only its first {@code rows} rows. */
  QualityDataset limitedTo(long rows) {
    return new QualityDataset(preset, spec, ReplaySlice.firstRows(rows), maturity, windows);
  }
}
