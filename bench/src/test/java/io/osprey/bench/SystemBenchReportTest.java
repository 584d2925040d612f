package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemBenchReportTest {
  private static final MachineInfo MACHINE =
      new MachineInfo(2, 8L << 30, "Test CPU", "Test JVM 17", 1L << 30, "Linux");
  private static final Path SPECS = Path.of("deploy", "specs");

  @Test
  void theSummaryGivesEachSystemsSustainedRateAndTheRatiosToTheBaseline(@TempDir Path dir)
      throws Exception {
    BenchReport perf =
        new BenchReport(
            BenchPlan.QUICK,
            MACHINE,
            Map.of(
                "osprey",
                    List.of(step("osprey", 250, 40, 120, 0), step("osprey", 1000, 900, 2000, 300)),
                "baseline",
                    List.of(step("baseline", 250, 10, 20, 0), step("baseline", 1000, 9, 30, 0))),
            Map.of());
    Files.createDirectories(dir.resolve("perf"));
    Files.writeString(dir.resolve("perf/latency-vs-rate.png"), "png");

    String md =
        report(
                EnumSet.allOf(SystemBenchPlan.Half.class),
                Optional.of(new SystemBenchReport.Perf(perf, Duration.ofSeconds(95))),
                Optional.of(
                    new SystemBenchReport.Quality(
                        List.of(headline("sensors", 0.829, Double.NaN)), Duration.ofSeconds(176))))
            .markdown(dir);

    assertThat(md)
        .contains("- command: `./osprey bench --plan quick`")
        .contains("- machine: 2 cores (Test CPU), 8.0 GiB memory, Test JVM 17 with a 1.0 GiB heap")
        .contains("took 4 min 31 s (performance 1 min 35 s, quality 2 min 56 s)")
        .contains("performance at 250, 1000, 2000 events/s")
        .contains("quality on " + datasetNames("quick"))
        .containsPattern("- osprey: highest rate sustained [^\\n]*: none;")
        .containsPattern("- baseline: highest rate sustained [^\\n]*: 1000 events/s;")
        .contains("| 250 | 4.00× | 6.00× | 1.00× |")
        .contains("[latency-vs-rate.png](perf/latency-vs-rate.png)");
    assertThat(md)
        .contains("| dataset | events | matured examples | served | online MLP |")
        .contains("| sensors | 18,914 | 18,000 | 0.829 / n/a | 0.100 / 0.200 |");
  }

  @Test
  void summaryJsonIsWrittenBesideTheReportWhenPerformanceRanAndNotOtherwise(@TempDir Path dir)
      throws Exception {
    BenchReport perf =
        new BenchReport(
            BenchPlan.QUICK,
            MACHINE,
            Map.of("osprey", List.of(step("osprey", 1000, 20, 40, 0))),
            Map.of());
    Path withPerf = dir.resolve("with");
    Files.createDirectories(withPerf);
    report(
            EnumSet.of(SystemBenchPlan.Half.PERF),
            Optional.of(new SystemBenchReport.Perf(perf, Duration.ofSeconds(60))),
            Optional.empty())
        .write(withPerf);
    Path without = dir.resolve("without");
    Files.createDirectories(without);
    report(
            EnumSet.of(SystemBenchPlan.Half.QUALITY),
            Optional.empty(),
            Optional.of(
                new SystemBenchReport.Quality(
                    List.of(headline("sensors", 0.5, 0.5)), Duration.ofSeconds(50))))
        .write(without);

    assertThat(withPerf.resolve("summary.json")).exists();
    assertThat(Files.readString(withPerf.resolve("report.md"))).contains("summary.json");
    assertThat(without.resolve("summary.json")).doesNotExist();
  }

  @Test
  void aHalfLeftOutIsSaidSoAndHasNoSection(@TempDir Path dir) throws Exception {
    String md =
        report(
                EnumSet.of(SystemBenchPlan.Half.QUALITY),
                Optional.empty(),
                Optional.of(
                    new SystemBenchReport.Quality(
                        List.of(headline("sensors", 0.5, 0.5)), Duration.ofSeconds(50))))
            .markdown(dir);

    assertThat(md)
        .contains("performance not run; quality on")
        .doesNotContain("## How fast")
        .contains("## How good")
        .contains("quality/quality.md");
  }

  private static SystemBenchReport report(
      EnumSet<SystemBenchPlan.Half> halves,
      Optional<SystemBenchReport.Perf> perf,
      Optional<SystemBenchReport.Quality> quality) {
    return new SystemBenchReport(
        new SystemBenchReport.Run(
            "./osprey bench --plan quick",
            SystemBenchPlan.named("quick", halves, SPECS),
            MACHINE,
            Instant.parse("2026-11-27T10:00:00Z"),
            Duration.ofSeconds(271)),
        perf,
        quality);
  }

  private static String datasetNames(String plan) {
    return String.join(
        ", ", QualityBenchRun.plan(plan, SPECS).stream().map(QualityDataset::name).toList());
  }

  /** A step whose latencies are half at {@code p50Ms} and the top 2% at {@code p99Ms}. */
  private static StepResult step(
      String system, double rate, double p50Ms, double p99Ms, double backlogGrowth) {
    Histogram latency = new Histogram(3);
    latency.recordValueWithCount((long) (p50Ms * 1000), 98);
    latency.recordValueWithCount((long) (p99Ms * 1000), 2);
    return new StepResult(system, rate, rate, rate, backlogGrowth, latency);
  }

  private static QualityHeadline headline(String dataset, double servedPrAuc, double servedF1) {
    return new QualityHeadline(
        dataset,
        18_914,
        18_000,
        List.of(
            new QualityHeadline.Contender("served", servedF1, servedPrAuc),
            new QualityHeadline.Contender("online MLP", 0.2, 0.1),
            new QualityHeadline.Contender("logistic regression", 0.3, 0.4),
            new QualityHeadline.Contender("upper bound", 0.5, 0.6)));
  }
}
