package io.osprey.bench;

import io.osprey.bench.learner.ExampleFiles;
import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bench-scope runner, not a test: replays each dataset of a quality plan through the whole
 * pipeline exactly as {@code ./osprey bench quality} does ({@link QualityRun}) and writes the
 * matured training examples, in event-time order, to {@code <out>/<dataset>.examples.csv}, so the
 * learner harness ({@link io.osprey.bench.learner.LearnerHarness}) can replay them in seconds.
 *
 * <p>Arguments: plan (smoke, quick, full), data folder (datasets, fetched there on first use),
 * output folder. Run from the repository root (the plan's feature specs are in deploy/specs).
 */
public final class QualityExamplesDump {
  private QualityExamplesDump() {}

  public static void main(String[] args) throws Exception {
    String plan = args.length > 0 ? args[0] : "full";
    Path dataDir = Path.of(args.length > 1 ? args[1] : "data");
    Path out = Path.of(args.length > 2 ? args[2] : "bench/target/learner-examples");
    Files.createDirectories(out);
    Settings settings = Settings.empty();
    DatasetFetcher fetcher = new DatasetFetcher(Path.of("deploy/data/fetch-datasets.sh"), dataDir);
    Path work = out.resolve("work");
    QualityRun runner = new QualityRun(settings, work, dataDir, fetcher, System.err);
    try {
      java.util.List<QualityDataset> datasets =
          new java.util.ArrayList<>(QualityBenchRun.plan(plan, Path.of("deploy", "specs")));
      if (plan.equals("full")) {
        // The simulator's stream with the keyed and label-aware features of payments-keyed.yaml.
        QualityDataset payments = QualityDataset.payments(200_000);
        datasets.add(
            new QualityDataset(
                "payments-keyed",
                payments.source(),
                Path.of("deploy", "specs", "payments-keyed.yaml").toAbsolutePath().toString(),
                payments.slice(),
                payments.maturity(),
                payments.windows(),
                1));
      }
      String only = System.getProperty("dump.only", "");
      for (QualityDataset dataset : datasets) {
        if (!only.isEmpty() && !java.util.List.of(only.split(",")).contains(dataset.name())) {
          continue;
        }
        QualityRun.Outcome outcome = runner.run(dataset, 0);
        Path file = out.resolve(dataset.name() + ".examples.csv");
        ExampleFiles.write(file, outcome.output().examples());
        System.err.printf(
            "dump %s: %,d examples to %s%n",
            dataset.name(), outcome.output().examples().size(), file);
      }
    } finally {
      WorkDirs.deleteQuietly(work);
    }
  }
}
