package io.osprey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Writes a benchmark run as Markdown, CSV of the raw figures, and PNG charts. */
final class BenchReport {
  /**
   * What a report is about.
   *
   * @param title the Markdown title, followed by the plan's name
   * @param latency what the latency figures measure, from where to where
   */
  record Heading(String title, String latency) {
    /** The whole system (or the baseline) fed with payments. */
    static final Heading SYSTEM =
        new Heading(
            "Osprey benchmark",
            "from handing a payment to the producer to its result's arrival at the driver's"
                + " consumer (HdrHistogram, µs precision)");
  }

  private final Heading heading;
  private final BenchPlan plan;
  private final MachineInfo machine;
  private final Map<String, List<StepResult>> stepsBySystem;
  private final Map<String, List<double[]>> backlogBySystem;
  private final List<String> sections;
  private final CpuPerStep cpu; // null when not measured

  BenchReport(
      BenchPlan plan,
      MachineInfo machine,
      Map<String, List<StepResult>> stepsBySystem,
      Map<String, List<double[]>> backlogBySystem) {
    this(Heading.SYSTEM, plan, machine, stepsBySystem, backlogBySystem, List.of());
  }

  /**
   * @param sections Markdown paragraphs (set-up, CPU split...) placed after the summary
   */
  BenchReport(
      Heading heading,
      BenchPlan plan,
      MachineInfo machine,
      Map<String, List<StepResult>> stepsBySystem,
      Map<String, List<double[]>> backlogBySystem,
      List<String> sections) {
    this(heading, plan, machine, stepsBySystem, backlogBySystem, sections, null);
  }

  /**
   * @param cpu the CPU of each step, written as {@code cpu.csv} and into {@code summary.json}
   */
  BenchReport(
      Heading heading,
      BenchPlan plan,
      MachineInfo machine,
      Map<String, List<StepResult>> stepsBySystem,
      Map<String, List<double[]>> backlogBySystem,
      List<String> sections,
      CpuPerStep cpu) {
    this.cpu = cpu;
    this.heading = heading;
    this.plan = plan;
    this.machine = machine;
    this.stepsBySystem = new TreeMap<>(stepsBySystem);
    this.backlogBySystem = new TreeMap<>(backlogBySystem);
    this.sections = List.copyOf(sections);
  }

  /** Writes every file into {@code dir}; returns the Markdown report's path. */
  Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("steps.csv"), stepsCsv());
    Files.writeString(dir.resolve("backlog.csv"), backlogCsv());
    if (hasStages()) {
      Files.writeString(dir.resolve("stages.csv"), stagesCsv());
    }
    if (cpu != null) {
      cpu.writeCsv(dir);
    }
    latencyChart().write(dir.resolve("latency-vs-rate.png"));
    throughputChart().write(dir.resolve("throughput-vs-rate.png"));
    Path report = dir.resolve("report.md");
    Files.writeString(report, markdown());
    return report;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(heading.title()).append(" (").append(plan.name()).append(")\n\n");
    md.append("- when: ").append(Instant.now()).append('\n');
    md.append("- machine: ").append(machine.describe()).append('\n');
    md.append(
        String.format(
            Locale.ROOT,
            "- plan: steps of %ds after a %ds warm-up; a rate is *sustained* when p99 < %.0f ms and"
                + " the in-flight backlog does not grow; fixed rates after two in a row that fell"
                + " behind are skipped\n",
            plan.step().toSeconds(),
            plan.warmup().toSeconds(),
            plan.p99BudgetMs()));
    md.append("- latency: ").append(heading.latency()).append("\n\n");
    md.append(
        "| system | target/s | sent/s | received/s | p50 ms | p99 ms | p99.9 ms | keeps up | sustained |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    stepsBySystem.forEach(
        (system, steps) ->
            steps.forEach(
                s ->
                    md.append(
                        String.format(
                            Locale.ROOT,
                            "| %s | %s | %.0f | %.0f | %.1f | %.1f | %.1f | %s | %s |\n",
                            system,
                            s.targetRate() == 0
                                ? "flat out"
                                : String.format(Locale.ROOT, "%.0f", s.targetRate()),
                            s.sentRate(),
                            s.receivedRate(),
                            s.percentileMs(50),
                            s.percentileMs(99),
                            s.percentileMs(99.9),
                            s.flatOut() ? "-" : s.keepsUp() ? "yes" : "no",
                            s.sustained(plan.p99BudgetMs()) ? "yes" : "no"))));
    md.append('\n').append(headline());
    if (hasStages()) {
      md.append('\n').append(stagesMarkdown());
    }
    sections.forEach(section -> md.append('\n').append(section.strip()).append('\n'));
    md.append("\n![latency](latency-vs-rate.png)\n\n![throughput](throughput-vs-rate.png)\n\n");
    md.append("Raw figures: `steps.csv`, `backlog.csv` (events in flight once a second)")
        .append(hasStages() ? ", `stages.csv` (latency per stage)" : "")
        .append(".\n");
    return md.toString();
  }

  /**
   * The answer in short: per system the highest rate sustained and kept up, then Osprey's figures
   * as multiples of the baseline's (a table; empty unless both systems ran).
   */
  String headline() {
    StringBuilder md = new StringBuilder();
    stepsBySystem.forEach((system, steps) -> md.append(summary(system, steps)));
    return md.append(ratios()).toString();
  }

  /** The figures as {@code summary.json} writes them. */
  SummaryJson summary() {
    return new SummaryJson(plan, machine, stepsBySystem, cpu);
  }

  private boolean hasStages() {
    return stepsBySystem.values().stream()
        .flatMap(List::stream)
        .anyMatch(s -> !s.stageMicros().isEmpty());
  }

  /**
   * Where the time goes: p50 / p99 of each stage per system and rate, from the times each result
   * carries (see {@link Stage}), next to the end-to-end figures.
   */
  String stagesMarkdown() {
    if (!hasStages()) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            "## Where the time goes: latency per stage (p50 / p99 ms)\n\n"
                + "From the times each result carries: the prediction's ingest, feature and scored"
                + " times and its Kafka timestamp (when the features record was sent); the"
                + " baseline's identity jobs stamp the same times into headers. Stamps have"
                + " millisecond precision, and percentiles of stages do not add up to the"
                + " end-to-end percentile.\n\n| system | target/s | end to end |");
    for (Stage stage : Stage.values()) {
      md.append(' ').append(stage.label()).append(" |");
    }
    md.append("\n|---|---|---|").append("---|".repeat(Stage.values().length)).append('\n');
    stepsBySystem.forEach(
        (system, steps) ->
            steps.stream()
                .filter(s -> !s.stageMicros().isEmpty())
                .forEach(
                    s -> {
                      md.append(
                          String.format(
                              Locale.ROOT,
                              "| %s | %s | %.1f / %.1f |",
                              system,
                              target(s),
                              s.percentileMs(50),
                              s.percentileMs(99)));
                      for (Stage stage : Stage.values()) {
                        md.append(
                            String.format(
                                Locale.ROOT,
                                " %.1f / %.1f |",
                                s.stagePercentileMs(stage, 50),
                                s.stagePercentileMs(stage, 99)));
                      }
                      md.append('\n');
                    }));
    return md.toString();
  }

  private static String target(StepResult s) {
    return s.flatOut() ? "flat out" : String.format(Locale.ROOT, "%.0f", s.targetRate());
  }

  private String stagesCsv() {
    StringBuilder csv = new StringBuilder("system,target_rate,stage,p50_ms,p99_ms,p999_ms,count\n");
    stepsBySystem.forEach(
        (system, steps) ->
            steps.forEach(
                s ->
                    s.stageMicros()
                        .forEach(
                            (stage, histogram) ->
                                csv.append(
                                    String.format(
                                        Locale.ROOT,
                                        "%s,%.0f,%s,%.3f,%.3f,%.3f,%d\n",
                                        system,
                                        s.targetRate(),
                                        stage.key(),
                                        s.stagePercentileMs(stage, 50),
                                        s.stagePercentileMs(stage, 99),
                                        s.stagePercentileMs(stage, 99.9),
                                        histogram.getTotalCount())))));
    return csv.toString();
  }

  /** Osprey's figures as multiples of the baseline's at the same target rate. */
  private String ratios() {
    List<StepResult> osprey = stepsBySystem.getOrDefault("osprey", List.of());
    List<StepResult> baseline = stepsBySystem.getOrDefault("baseline", List.of());
    if (osprey.isEmpty() || baseline.isEmpty()) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            "\n| target/s | p50 osprey/baseline | p99 osprey/baseline | received osprey/baseline |\n|---|---|---|---|\n");
    for (StepResult o : osprey) {
      baseline.stream()
          .filter(b -> b.targetRate() == o.targetRate())
          .findFirst()
          .ifPresent(
              b ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %.2f× | %.2f× | %.2f× |\n",
                          o.targetRate() == 0
                              ? "flat out"
                              : String.format(Locale.ROOT, "%.0f", o.targetRate()),
                          o.percentileMs(50) / b.percentileMs(50),
                          o.percentileMs(99) / b.percentileMs(99),
                          o.receivedRate() / b.receivedRate())));
    }
    return md.toString();
  }

  /** The highest rates sustained and kept up, and the flat-out rate, of one system. */
  private String summary(String system, List<StepResult> steps) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "- %s: highest rate sustained (p99 < %.0f ms, backlog not growing): %s; highest rate"
                + " kept up (backlog not growing, any latency): %s",
            system,
            plan.p99BudgetMs(),
            rate(maxSustained(steps, plan.p99BudgetMs())),
            rate(
                steps.stream()
                    .filter(StepResult::keepsUp)
                    .map(StepResult::sentRate)
                    .max(Double::compare))));
    steps.stream()
        .filter(StepResult::flatOut)
        .forEach(
            s ->
                md.append(
                    String.format(
                        Locale.ROOT, "; flat out: %.0f results/s received", s.receivedRate())));
    return md.append('\n').toString();
  }

  private static String rate(Optional<Double> rate) {
    return rate.map(r -> String.format(Locale.ROOT, "%.0f events/s", r)).orElse("none");
  }

  static Optional<Double> maxSustained(List<StepResult> steps, double p99BudgetMs) {
    return steps.stream()
        .filter(s -> s.sustained(p99BudgetMs))
        .map(StepResult::sentRate)
        .max(Double::compare);
  }

  private String stepsCsv() {
    StringBuilder csv =
        new StringBuilder(
            "system,target_rate,sent_rate,received_rate,backlog_growth_per_s,p50_ms,p99_ms,p999_ms,count\n");
    stepsBySystem.forEach(
        (system, steps) ->
            steps.forEach(
                s ->
                    csv.append(
                        String.format(
                            Locale.ROOT,
                            "%s,%.0f,%.1f,%.1f,%.2f,%.3f,%.3f,%.3f,%d\n",
                            system,
                            s.targetRate(),
                            s.sentRate(),
                            s.receivedRate(),
                            s.backlogGrowthPerSecond(),
                            s.percentileMs(50),
                            s.percentileMs(99),
                            s.percentileMs(99.9),
                            s.latencyMicros().getTotalCount()))));
    return csv.toString();
  }

  private String backlogCsv() {
    StringBuilder csv = new StringBuilder("system,sample,seconds_in_step,in_flight\n");
    backlogBySystem.forEach(
        (system, samples) -> {
          for (int i = 0; i < samples.size(); i++) {
            csv.append(
                String.format(
                    Locale.ROOT,
                    "%s,%d,%.1f,%.0f\n",
                    system,
                    i,
                    samples.get(i)[0],
                    samples.get(i)[1]));
          }
        });
    return csv.toString();
  }

  private LineChart latencyChart() {
    LineChart chart =
        new LineChart("End-to-end latency against offered rate", "events/s sent (log)", "ms", true);
    stepsBySystem.forEach(
        (system, steps) -> {
          chart.add(new LineChart.Series(system + " p50", points(steps, 50), false));
          chart.add(new LineChart.Series(system + " p99", points(steps, 99), true));
        });
    return chart;
  }

  private LineChart throughputChart() {
    LineChart chart =
        new LineChart(
            "Results received against offered rate", "events/s sent (log)", "results/s", true);
    stepsBySystem.forEach(
        (system, steps) -> {
          List<double[]> points = new ArrayList<>();
          steps.forEach(s -> points.add(new double[] {s.sentRate(), s.receivedRate()}));
          chart.add(new LineChart.Series(system, points, system.equals("baseline")));
        });
    return chart;
  }

  /**
   * Latency points of the fixed-rate steps. Flat-out steps are left out: their latency is queueing
   * behind the driver's in-flight bound, and would flatten every other point of the chart.
   */
  private static List<double[]> points(List<StepResult> steps, double percentile) {
    List<double[]> points = new ArrayList<>();
    steps.stream()
        .filter(s -> !s.flatOut())
        .forEach(s -> points.add(new double[] {s.sentRate(), s.percentileMs(percentile)}));
    return points;
  }
}
