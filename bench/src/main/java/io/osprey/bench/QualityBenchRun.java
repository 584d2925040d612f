package io.osprey.bench;

import io.osprey.bench.quality.ScoresCsv;
import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * readings and 2,000 payments (the CI harness check; no figure is asserted); {@code simulator} the
 * simulator's first 30,000 payments alone, twice (nothing to download). Every dataset runs {@link
 * #FULL_RUNS} times in the full plan, {@link #QUICK_RUNS} in the quick one and once in the smoke
 * one, each run through a fresh system; the report gives mean and spread over the runs.
 */
public final class QualityBenchRun {
  /**
   * Runs per dataset of the quick plan: two, a developer's check of the spread that keeps the plan
   * a few minutes long; the full plan's figures, to quote, come from three.
   */
  static final int QUICK_RUNS = 2;

  static final int FULL_RUNS = 3;

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

  /**
   * The datasets of a named plan; {@code specs} is the folder of the dataset specs. A new dataset
   * (say the harder simulator's stream) is a {@link QualityDataset} factory and one line per plan
   * here; the runs, the contenders, the CSVs and the report need nothing more.
   */
  public static List<QualityDataset> plan(String name, Path specs) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "smoke":
        return List.of(
            QualityDataset.sensors(specs).limitedTo(2_000), QualityDataset.payments(2_000));
      case "quick":
        return List.of(
            QualityDataset.sensors(specs).repeated(QUICK_RUNS),
            QualityDataset.flights(specs, 30_000).repeated(QUICK_RUNS),
            QualityDataset.payments(30_000).repeated(QUICK_RUNS));
      case "simulator":
        // The fraud simulator's stream alone: nothing to download, the keyed and label-aware
        // features' upper bounds side by side with the served and online figures (issue 13).
        return List.of(QualityDataset.payments(30_000).repeated(QUICK_RUNS));
      case "full":
        return List.of(
            QualityDataset.sensors(specs).repeated(FULL_RUNS),
            QualityDataset.flights(specs, 300_000).repeated(FULL_RUNS),
            QualityDataset.payments(200_000).repeated(FULL_RUNS));
      default:
        throw new IllegalArgumentException(
            "unknown quality plan '" + name + "' (known: smoke, quick, full, simulator)");
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

  /** The same, also handing each dataset's runs to {@code onDataset} (the combined summary). */
  Path run(Path dataDir, DatasetFetcher fetcher, Consumer<DatasetRuns> onDataset) throws Exception {
    Files.createDirectories(reportDir);
    QualityRun runner = new QualityRun(settings, reportDir.resolve("work"), dataDir, fetcher, log);
    QualityReportWriter writer = new QualityReportWriter(reportDir);
    StringBuilder md = new StringBuilder("# Osprey quality report\n\n");
    md.append("Machine: ").append(MachineInfo.current().describe()).append("\n\n");
    md.append(METHOD);
    try {
      for (QualityDataset dataset : datasets) {
        List<QualityRun.Outcome> outcomes = new ArrayList<>();
        for (int run = 1; run <= dataset.runs(); run++) {
          log.printf("quality %s: run %d of %d%n", dataset.name(), run, dataset.runs());
          QualityRun.Outcome outcome = runner.run(dataset, run);
          writer.writeScores(outcome);
          outcomes.add(run == 1 ? outcome : outcome.withoutPredictions());
        }
        DatasetRuns runs = new DatasetRuns(dataset, outcomes);
        onDataset.accept(runs);
        md.append(writer.write(runs));
      }
    } finally {
      // The broker's and the lake's data of each run: over 100 MB, and nothing a reader needs.
      WorkDirs.deleteQuietly(reportDir.resolve("work"));
    }
    Path report = reportDir.resolve("quality.md");
    Files.writeString(report, md);
    return report;
  }

  /** The report's header: how the figures were made, and where the raw scores are. */
  static final String METHOD =
      "Each dataset is replayed at "
          + String.format(Locale.ROOT, "%,.0f", QualityRun.REPLAY_RATE)
          + " events a second through the whole pipeline (ingest with its feature spec, scoring,"
          + " online training; labels at their label times, maturity on event time), once per run,"
          + " each run through a fresh system. At that pace training and scoring keep up, so the"
          + " served model trails the stream by the label delay (the maturity window) and the"
          + " publication policy, as it would live, not by the replay's speed.\n\n"
          + "**Served figures are judged only once the first trained model is live.** How many"
          + " events the fallback rule scores before the first model depends on the maturity"
          + " window and the first publication, not on the models. So each run is judged from the"
          + " first event (in event-time order) that a trained model scored; every contender is"
          + " judged on those same examples, and events there still scored by the fallback rule"
          + " count against *served*. The run table says where that span starts and how much of the"
          + " stream it holds.\n\n"
          + "Contenders: *served* is what the pipeline wrote to `predictions`, end to end (score,"
          + " decision: anything but APPROVE is a flag, model version); the trainer's *online"
          + " learner* and the *online logistic regression* are recomputed prequentially from the"
          + " same matured training examples (each mini-batch scored, then learned from); the"
          + " *previous label* baseline scores an example with the latest label of its key (the"
          + " spec's entity) that had matured by its event time (event time + the maturity window),"
          + " or the latest matured label of any key when its key has none, 0 before any; the"
          + " *upper bound* is the learner trained offline on every example and scored in sample."
          + "\n\n"
          + "Figures: PR-AUC (average precision), ROC-AUC and log-loss of the scores; F1 and"
          + " accuracy of the decisions. Log-loss clips scores to [1e-15, 1 − 1e-15], so the"
          + " previous label's 0/1 scores pay about 34.5 per wrong example; the recomputed"
          + " contenders' scores are uncalibrated. Each cell is the mean over the runs with the"
          + " lowest and highest in brackets.\n\n"
          + "**Per-example scores** of every contender, beside this file: `scores-<dataset>-run<k>"
          + ".csv.gz` (gzip CSV, columns `"
          + ScoresCsv.HEADER
          + "`; label and decision 1/0; model version 0 for the fallback rule, empty for"
          + " recomputed contenders). To recompute a table cell, keep the rows of one run and"
          + " contender with `event_time` at or after the run's \"judged from\" event (the first"
          + " event after every one scored before a trained model was live)."
          + "\n\n";
}
