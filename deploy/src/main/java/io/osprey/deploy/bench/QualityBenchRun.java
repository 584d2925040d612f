package io.osprey.deploy.bench;

import io.osprey.deploy.replay.DatasetFetcher;
import io.osprey.platform.config.Settings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./osprey bench quality}: real labelled data through the whole pipeline, one dataset after
 * the other ({@link QualityRun}), and one report ({@code quality.md}, CSVs and PR-AUC charts).
 *
 * <p>Plans: {@code quick} replays all 18,914 sensor readings and the first 30,000 flights (a couple
 * of days of 2001; about 5 minutes here), {@code full} the first 300,000 flights (about 18 days),
 * {@code smoke} 2,000 sensor readings (the CI harness check; no figure is asserted).
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
        return List.of(QualityDataset.sensors(specs).limitedTo(2_000));
      case "quick":
        return List.of(QualityDataset.sensors(specs), QualityDataset.flights(specs, 30_000));
      case "full":
        return List.of(QualityDataset.sensors(specs), QualityDataset.flights(specs, 300_000));
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
    for (QualityDataset dataset : datasets) {
      md.append(writer.write(runner.run(dataset)));
    }
    Path report = reportDir.resolve("quality.md");
    Files.writeString(report, md);
    return report;
  }
}
