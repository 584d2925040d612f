package io.osprey.bench;

import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./osprey bench}: both halves of the benchmark into one folder, one after the other (they
 * would compete for the same cores): the performance sweep ({@link BenchRun}) into {@code perf/},
 * then the quality replays ({@link QualityBenchRun}) into {@code quality/}, then {@code report.md}
 * on top ({@link SystemBenchReport}). Performance goes first so that its figures match a run of
 * that half alone ({@code --only perf}): nothing else has warmed the JVM before it.
 */
public final class SystemBenchRun {
  private final SystemBenchPlan plan;
  private final Settings settings;
  private final QualityData qualityData;
  private final Path outDir;
  private final String command;
  private final PrintStream progress;

  /** Where the quality datasets are, and how they are fetched when they are not. */
  public record QualityData(Path dataDir, DatasetFetcher fetcher) {}

  /**
   * @param settings the user's settings, given to every Osprey the run starts
   * @param command the command line as typed, for the report
   */
  public SystemBenchRun(
      SystemBenchPlan plan,
      Settings settings,
      QualityData qualityData,
      Path outDir,
      String command,
      PrintStream progress) {
    this.plan = plan;
    this.settings = settings;
    this.qualityData = qualityData;
    this.outDir = outDir;
    this.command = command;
    this.progress = progress;
  }

  /** Runs the plan's halves and returns the path of the top report. */
  public Path run() throws Exception {
    Instant started = Instant.now();
    long start = System.nanoTime();
    Files.createDirectories(outDir);
    Optional<SystemBenchReport.Perf> perf = Optional.empty();
    if (plan.perf().isPresent()) {
      perf = Optional.of(runPerf(plan.perf().get()));
    }
    Optional<SystemBenchReport.Quality> quality = Optional.empty();
    if (!plan.quality().isEmpty()) {
      quality = Optional.of(runQuality());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    progress.printf("bench: done in %d s%n", took.toSeconds());
    return new SystemBenchReport(
            new SystemBenchReport.Run(command, plan, MachineInfo.current(), started, took),
            perf,
            quality)
        .write(outDir);
  }

  private SystemBenchReport.Perf runPerf(BenchPlan perfPlan) throws Exception {
    long start = System.nanoTime();
    BenchReport report = new BenchRun(perfPlan, settings, progress).measure();
    report.write(outDir.resolve(SystemBenchReport.PERF_DIR));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    progress.printf("bench: performance half done in %d s%n", took.toSeconds());
    return new SystemBenchReport.Perf(report, took);
  }

  private SystemBenchReport.Quality runQuality() throws Exception {
    long start = System.nanoTime();
    List<QualityHeadline> headlines = new ArrayList<>();
    new QualityBenchRun(
            plan.quality(), settings, outDir.resolve(SystemBenchReport.QUALITY_DIR), progress)
        .run(
            qualityData.dataDir(),
            qualityData.fetcher(),
            outcome -> headlines.add(QualityHeadline.of(outcome)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    progress.printf("bench: quality half done in %d s%n", took.toSeconds());
    return new SystemBenchReport.Quality(headlines, took);
  }
}
