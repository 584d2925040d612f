package io.osprey.cli;

import io.osprey.bench.BenchModel;
import io.osprey.bench.BenchPlan;
import io.osprey.bench.IngestBenchRun;
import io.osprey.bench.QualityBenchRun;
import io.osprey.bench.ScoringBenchRun;
import io.osprey.bench.SystemBenchPlan;
import io.osprey.bench.SystemBenchRun;
import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.DatasetFetcher;
import io.osprey.sources.replay.ReplaySettings;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Answers both questions of the benchmark into one report folder: how fast (end-to-end"
          + " latency and throughput at a series of rates, for Osprey and for a pass-through"
          + " baseline of the same shape) and how good (real labelled data replayed through the"
          + " whole system: precision, recall, F1 and PR-AUC of the served decisions, the online"
          + " models and an upper bound). Writes report.md with a summary on top, and each half's"
          + " Markdown, CSV files and PNG charts under perf/ and quality/, and summary.json (the"
          + " performance figures per step and stage, for scripts). 'bench scoring'"
          + " measures the scoring topology alone, 'bench ingest' the ingest job alone; 'bench"
          + " quality' is the quality half alone."
    },
    subcommands = {
      BenchCommand.Scoring.class,
      BenchCommand.Ingest.class,
      BenchCommand.Quality.class
    })
final class BenchCommand implements Callable<Integer> {
  /** The quality datasets' feature specs, relative to the repository root (./osprey runs there). */
  private static final Path SPECS = Path.of("deploy", "specs");

  @Option(
      names = "--plan",
      defaultValue = "quick",
      description =
          "quick (under 5 minutes for both halves), full (60 s steps up to flat out and more"
              + " data; much longer) or smoke (CI's check that the harness works).")
  String plan;

  @Option(
      names = "--only",
      paramLabel = "HALF",
      description = "perf or quality: run one half only (default both).")
  String only;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Where the quality datasets are, or are fetched to (default data).")
  Path dataDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Report folder (default reports/bench-<time>; reports/ is not committed).")
  Path out;

  /** Rate steps and step length of the performance half (the quality half has neither). */
  @Mixin SweepOptions sweep;

  @Mixin SettingsOptions settingsOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Settings settings = settingsOptions.load();
    Path report =
        new SystemBenchRun(
                SystemBenchPlan.named(plan, halves(), SPECS).withPerf(sweep::applyTo),
                settings,
                qualityData(settings, dataDir),
                reportDir(out, "bench"),
                commandLine(),
                System.err)
            .run();
    System.out.println(report.toAbsolutePath());
    return 0;
  }

  /** Both halves, or the one {@code --only} names. */
  Set<SystemBenchPlan.Half> halves() {
    return only == null
        ? EnumSet.allOf(SystemBenchPlan.Half.class)
        : EnumSet.of(SystemBenchPlan.Half.named(only));
  }

  /** The command as typed, for the report: what to run to measure again. */
  String commandLine() {
    return "./osprey " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  private static SystemBenchRun.QualityData qualityData(Settings settings, Path dataDir) {
    return new SystemBenchRun.QualityData(
        dataDir, new DatasetFetcher(Path.of(settings.get(ReplaySettings.FETCH_SCRIPT)), dataDir));
  }

  /** {@code out}, or a new folder under reports/ named after the run's start. */
  static Path reportDir(Path out, String name) {
    return out != null
        ? out
        : Path.of(
            "reports",
            name
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  @Command(
      name = "scoring",
      mixinStandardHelpOptions = true,
      description = {
        "Measures the scoring topology alone on an embedded broker: pre-built feature vectors in"
            + " at fixed rates and flat out, predictions out; sustained events/s, p50/p99 latency"
            + " and the CPU split per step, for the trainer's default network and a"
            + " 160-160 one (the Crayfish benchmark's model size: 29,281 parameters on 20 columns). Use --set to try"
            + " scorer settings (e.g. --set scoring.stream.threads=2)."
      })
  static final class Scoring implements Callable<Integer> {
    @Option(
        names = "--plan",
        defaultValue = "quick",
        description = "quick (about 5 minutes), full (about 12 minutes) or smoke (seconds).")
    String plan;

    @Option(
        names = "--models",
        split = ",",
        defaultValue = "default,crayfish",
        description = "Networks to serve, one after the other: default, crayfish.")
    List<String> models = new ArrayList<>();

    @Option(
        names = "--flagged-share",
        defaultValue = "0.01",
        description =
            "Share of events the models flag (REVIEW or DECLINE, with reason codes); default"
                + " 0.01.")
    double flaggedShare;

    @Option(
        names = "--passthrough",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "End with a Kafka Streams passthrough (decode, re-key, forward; no model): the"
                + " plumbing's ceiling the models are compared with. On by default;"
                + " --no-passthrough skips it.")
    boolean passthrough;

    @Mixin SweepOptions sweep;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "Report folder (default reports/bench-scoring-<time>; reports/ is not committed).")
    Path out;

    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      Path report =
          new ScoringBenchRun(
                  sweep.applyTo(BenchPlan.scoring(plan)),
                  models.stream().map(BenchModel::named).toList(),
                  flaggedShare,
                  passthrough,
                  settingsOptions.load(),
                  reportDir(out, "bench-scoring"),
                  System.err)
              .run();
      System.out.println(report.toAbsolutePath());
      return 0;
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Measures the stream-ingest Flink job alone on an embedded broker and MiniCluster:"
            + " payments in at fixed rates and flat out, feature vectors out; sustained events/s,"
            + " p50/p99 latency and the CPU split per step, with the at-least-once sink, the"
            + " exactly-once sink, and a Flink pass-through as the floor. Use --set to try job"
            + " settings (e.g. --set demo.flink.parallelism=1)."
      })
  static final class Ingest implements Callable<Integer> {
    @Option(
        names = "--plan",
        defaultValue = "quick",
        description =
            "quick (about 7 minutes), full (not timed; warm-ups and steps add up to 15 minutes) or"
                + " smoke (seconds).")
    String plan;

    @Mixin SweepOptions sweep;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "Report folder (default reports/bench-ingest-<time>; reports/ is not committed).")
    Path out;

    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      Path report =
          new IngestBenchRun(
                  sweep.applyTo(BenchPlan.ingest(plan)),
                  settingsOptions.load(),
                  reportDir(out, "bench-ingest"),
                  System.err)
              .run();
      System.out.println(report.toAbsolutePath());
      return 0;
    }
  }

  @Command(
      name = "quality",
      mixinStandardHelpOptions = true,
      description = {
        "Replays real labelled data (the npm sensor-network and flight-delay datasets, fetched on"
            + " first use) through the whole system and reports precision, recall, F1 and PR-AUC"
            + " over event time: the decisions served, the online MLP, a logistic-regression"
            + " baseline and an offline upper bound."
      })
  static final class Quality implements Callable<Integer> {
    @Option(
        names = "--plan",
        defaultValue = "quick",
        description =
            "quick (all sensor readings, 30,000 flights and 30,000 simulated payments, about 5"
                + " minutes), full (300,000 flights, 200,000 payments), smoke (2,000 readings,"
                + " 2,000 payments) or simulator (30,000 simulated payments alone, twice).")
    String plan;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        defaultValue = "data",
        description = "Where the datasets are, or are fetched to (default data).")
    Path dataDir;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Report folder (default reports/quality-<time>; reports/ is not committed).")
    Path out;

    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      Settings settings = settingsOptions.load();
      SystemBenchRun.QualityData data = qualityData(settings, dataDir);
      Path report =
          new QualityBenchRun(
                  QualityBenchRun.plan(plan, SPECS),
                  settings,
                  reportDir(out, "quality"),
                  System.err)
              .run(data.dataDir(), data.fetcher());
      System.out.println(report.toAbsolutePath());
      return 0;
    }
  }
}
