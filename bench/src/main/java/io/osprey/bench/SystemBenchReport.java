package io.osprey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The top page of a {@code ./osprey bench} report folder ({@code report.md}): what ran where, then
 * both answers in short (the highest sustained rate and Osprey's cost over the baseline; F1 and
 * PR-AUC of each contender per dataset), with links to each half's own report, charts and CSVs in
 * the {@link #PERF_DIR} and {@link #QUALITY_DIR} sub-folders.
 */
final class SystemBenchReport {
  static final String PERF_DIR = "perf";
  static final String QUALITY_DIR = "quality";

  /** The performance half's figures and how long it took. */
  record Perf(BenchReport report, Duration took) {}

  /** The quality half's figures per dataset and how long it took. */
  record Quality(List<QualityHeadline> datasets, Duration took) {}

  /** How the run was asked for and what ran: the first lines of the report. */
  record Run(
      String command, SystemBenchPlan plan, MachineInfo machine, Instant started, Duration took) {}

  private final Run run;
  private final Optional<Perf> perf;
  private final Optional<Quality> quality;

  SystemBenchReport(Run run, Optional<Perf> perf, Optional<Quality> quality) {
    this.run = run;
    this.perf = perf;
    this.quality = quality;
  }

  /**
   * Writes {@code report.md} into {@code dir}, whose sub-folders hold each half's files, and beside
   * it {@code summary.json} when the performance half ran.
   */
  Path write(Path dir) throws IOException {
    Path report = dir.resolve("report.md");
    Files.writeString(report, markdown(dir));
    if (perf.isPresent()) {
      perf.get().report().summary().write(dir.resolve(SummaryJson.FILE));
    }
    return report;
  }

  /** The page; {@code dir} is listed for each half's charts and CSVs. */
  String markdown(Path dir) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Osprey benchmark (").append(run.plan().name()).append(")\n\n");
    md.append("- command: `").append(run.command()).append("`\n");
    md.append("- machine: ").append(run.machine().describe()).append('\n');
    md.append("- started: ")
        .append(run.started())
        .append("; took ")
        .append(minutes(run.took()))
        .append(halvesTook())
        .append('\n');
    md.append("- plan: ").append(planLine()).append("\n\n");
    if (perf.isPresent()) {
      md.append(perfSection(perf.get(), dir));
    }
    if (quality.isPresent()) {
      md.append(qualitySection(quality.get(), dir));
    }
    return md.toString();
  }

  /** " (performance 1 min 35 s, quality 2 min 56 s)", or "" when one half ran. */
  private String halvesTook() {
    if (perf.isEmpty() || quality.isEmpty()) {
      return "";
    }
    return " (performance "
        + minutes(perf.get().took())
        + ", quality "
        + minutes(quality.get().took())
        + ")";
  }

  private String planLine() {
    SystemBenchPlan plan = run.plan();
    String perfPart =
        plan.perf()
            .map(p -> "performance at " + p.describe() + ", Osprey then the baseline")
            .orElse("performance not run");
    String qualityPart =
        plan.quality().isEmpty()
            ? "quality not run"
            : "quality on "
                + plan.quality().stream()
                    .map(QualityDataset::name)
                    .collect(Collectors.joining(", "));
    return perfPart + "; " + qualityPart;
  }

  private static String perfSection(Perf perf, Path dir) throws IOException {
    return "## How fast: from event to decision\n\n"
        + "Latency from handing a payment to the producer to its decision's arrival; the baseline"
        + " is the same topics, Flink and Kafka Streams with no features and no model.\n\n"
        + perf.report().headline()
        + "\n"
        + perf.report().stagesMarkdown()
        + "\nMachine-readable: ["
        + SummaryJson.FILE
        + "]("
        + SummaryJson.FILE
        + ").\nDetails: ["
        + PERF_DIR
        + "/report.md]("
        + PERF_DIR
        + "/report.md); "
        + files(dir, PERF_DIR)
        + "\n\n";
  }

  private static String qualitySection(Quality quality, Path dir) throws IOException {
    StringBuilder md =
        new StringBuilder(
            "## How good: decisions on labelled data\n\n"
                + "PR-AUC / F1, mean over the runs, every contender on the same matured examples"
                + " scored once a trained model was live (wall clock): *served* is what the pipeline"
                + " wrote to `predictions`, end to end; the online learner and logistic regression"
                + " are recomputed prequentially; the learner on matured labels learns each example"
                + " only once its label matured and scores with no publication lag (what label"
                + " delay alone costs); the previous label is a trivial baseline; the"
                + " upper bound is trained on everything and scored in sample.\n\n");
    List<String> contenders =
        quality.datasets().isEmpty()
            ? List.of()
            : quality.datasets().get(0).contenders().stream()
                .map(QualityHeadline.Contender::name)
                .toList();
    md.append("| dataset | events | matured examples | ")
        .append(String.join(" | ", contenders))
        .append(" |\n|---|---:|---:|")
        .append("---:|".repeat(contenders.size()))
        .append('\n');
    for (QualityHeadline d : quality.datasets()) {
      md.append(
          String.format(
              Locale.ROOT, "| %s | %,d | %,d |", d.dataset(), d.events(), d.maturedExamples()));
      d.contenders()
          .forEach(
              c ->
                  md.append(' ')
                      .append(fmt(c.prAuc()))
                      .append(" / ")
                      .append(fmt(c.f1()))
                      .append(" |"));
      md.append('\n');
    }
    md.append("\nDetails: [")
        .append(QUALITY_DIR)
        .append("/quality.md](")
        .append(QUALITY_DIR)
        .append("/quality.md); ")
        .append(files(dir, QUALITY_DIR))
        .append("\n\n");
    return md.toString();
  }

  /** Links to the charts and CSVs a half wrote, whatever their names. */
  private static String files(Path dir, String sub) throws IOException {
    Path folder = dir.resolve(sub);
    if (!Files.isDirectory(folder)) {
      return "no files";
    }
    try (Stream<Path> listing = Files.list(folder)) {
      List<String> names =
          listing
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".png") || n.endsWith(".csv"))
              .sorted()
              .toList();
      return "charts and raw figures: "
          + names.stream()
              .map(n -> "[" + n + "](" + sub + "/" + n + ")")
              .collect(Collectors.joining(", "));
    }
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }

  private static String minutes(Duration d) {
    long s = Math.round(d.toMillis() / 1000.0);
    return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }
}
