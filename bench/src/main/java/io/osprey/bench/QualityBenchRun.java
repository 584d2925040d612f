package io.osprey.bench;

import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code ./osprey bench quality}: real labelled data through the whole pipeline, one dataset after
 * the other ({@link QualityRun}), and one report ({@code quality.md}, CSVs and PR-AUC charts).
 *
 * <p>Plans: {@code quick} replays all 18,914 sensor readings, the first 30,000 flights (a couple of
 * days of 2001) and the simulator's first 30,000 payments (50 minutes of event time); {@code full}
 * the first 300,000 flights (about 18 days) and 200,000 payments; {@code smoke} 2,000 sensor
 * readings and 2,000 payments (the CI harness check; no figure is asserted). Measured on 2 shared
 * cores: quick in 4 min 4 s (sensors 76 s, flights 63 s, payments 55 s, plus the launcher's build).
 */
public final class QualityBenchRun {
  private final List<QualityDataset> datasets;
  private final Settings settings;
  private final Path reportDir;
  private final PrintStream log;

  public QualityBenchRun(
      List<QualityDataset> datasets, Settings settings, Path reportDir, PrintStream log) {
    this.datasets = List.copyOf(datasets);
    this.settings = settings;
    this.reportDir = reportDir;
    this.log = log;
  }

  /** The datasets of a named plan; {@code specs} is the folder of the dataset specs. */
  public static List<QualityDataset> plan(String name, Path specs) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "smoke":
        return List.of(
            QualityDataset.sensors(specs).limitedTo(2_000), QualityDataset.payments(2_000));
      case "quick":
        return List.of(
            QualityDataset.sensors(specs),
            QualityDataset.flights(specs, 30_000),
            QualityDataset.payments(30_000));
      case "full":
        return List.of(
            QualityDataset.sensors(specs),
            QualityDataset.flights(specs, 300_000),
            QualityDataset.payments(200_000));
      default:
        throw new IllegalArgumentException(
            "unknown quality plan '" + name + "' (known: smoke, quick, full)");
    }
  }

  /**
   * Runs every dataset and returns the report file.
   *
   * @param dataDir where the datasets are, or are fetched to by {@code fetcher}
   */
  public Path run(Path dataDir, DatasetFetcher fetcher) throws Exception {
    return run(dataDir, fetcher, outcome -> {});
  }

  /** The same, also handing each dataset's figures to {@code onDataset} (the combined summary). */
  Path run(Path dataDir, DatasetFetcher fetcher, Consumer<QualityRun.Outcome> onDataset)
      throws Exception {
    Files.createDirectories(reportDir);
    QualityRun runner = new QualityRun(settings, reportDir.resolve("work"), dataDir, fetcher, log);
    QualityReportWriter writer = new QualityReportWriter(reportDir);
    StringBuilder md = new StringBuilder("# Osprey quality report\n\n");
    md.append("Machine: ").append(MachineInfo.current().describe()).append("\n\n");
    md.append(
        "Each dataset is replayed flat out through the whole pipeline (ingest with its feature"
            + " spec, scoring, online training; labels at their label times, maturity on event"
            + " time). *Served* judges the predictions as they were written to `predictions`;"
            + " the other rows are recomputed prequentially from the same matured training"
            + " examples; the upper bound is trained on all of them and scored in sample.\n\n");
    try {
      for (QualityDataset dataset : datasets) {
        QualityRun.Outcome outcome = runner.run(dataset);
        onDataset.accept(outcome);
        md.append(writer.write(outcome));
      }
    } finally {
      // The broker's and the lake's data of each run: over 100 MB, and nothing a reader needs.
      WorkDirs.deleteQuietly(reportDir.resolve("work"));
    }
    Path report = reportDir.resolve("quality.md");
    Files.writeString(report, md);
    return report;
  }
}
