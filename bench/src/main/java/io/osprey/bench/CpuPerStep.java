package io.osprey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CPU went in each rate step of a benchmark whose system, broker and load driver share
 * one JVM: the cores of each thread group, and CPU µs per result of the system measured and of the
 * whole process. Per-result CPU is steadier than rates on a shared machine. Kept as {@code cpu.csv}
 * and a Markdown table.
 */
final class CpuPerStep {
  private final CpuUsage cpu;
  private final String system;
  private final List<String> columns;
  private final StringBuilder csv = new StringBuilder();
  private final StringBuilder table = new StringBuilder();
  private final Map<String, Map<String, Double>> coresByStep = new HashMap<>();

  /**
   * @param system the name of the {@code cpu} group whose CPU per result is reported (first column)
   */
  CpuPerStep(CpuUsage cpu, String system) {
    this.cpu = cpu;
    this.system = system;
    this.columns = new ArrayList<>(List.of(system));
    cpu.names().stream().filter(name -> !name.equals(system)).forEach(columns::add);
    columns.add(CpuUsage.JVM_OTHER);
    columns.add(CpuUsage.OTHER_PROCESSES);
  }

  /**
   * Measures each step of {@code contender}'s sweep over the time load was sent, the window its
   * received rate counts (not the drain after it).
   */
  RateSweep.StepObserver observer(String contender) {
    return new RateSweep.StepObserver() {
      private CpuUsage.Snapshot start;
      private Map<String, Double> cores;

      @Override
      public void before(double rate) {
        start = cpu.snapshot();
      }

      @Override
      public void sendingDone() {
        cores = cpu.coresSince(start);
      }

      @Override
      public void after(StepResult result) {
        record(contender, result, cores);
      }
    };
  }

  /** The cores of each column in one step of {@code contender}; empty when not measured. */
  Map<String, Double> cores(String contender, double targetRate) {
    return coresByStep.getOrDefault(stepKey(contender, targetRate), Map.of());
  }

  private static String stepKey(String contender, double targetRate) {
    return contender + "@" + targetRate;
  }

  private void record(String contender, StepResult result, Map<String, Double> cores) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    columns.forEach(column -> ordered.put(column, cores.getOrDefault(column, Double.NaN)));
    coresByStep.put(stepKey(contender, result.targetRate()), ordered);
    double process = 0;
    for (String column : columns) {
      if (!column.equals(CpuUsage.OTHER_PROCESSES)) {
        process += cores.getOrDefault(column, Double.NaN);
      }
    }
    double perResult = 1e6 / result.receivedRate();
    double systemCores = cores.getOrDefault(system, Double.NaN);
    String target =
        result.flatOut() ? "flat out" : String.format(Locale.ROOT, "%.0f", result.targetRate());
    csv.append(
        String.format(
            Locale.ROOT,
            "%s,%.0f,%.2f,%.2f",
            contender,
            result.targetRate(),
            systemCores * perResult,
            process * perResult));
    table.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %.1f | %.1f |",
            contender,
            target,
            systemCores * perResult,
            process * perResult));
    for (String column : columns) {
      double figure = cores.getOrDefault(column, Double.NaN);
      csv.append(String.format(Locale.ROOT, ",%.3f", figure));
      table.append(String.format(Locale.ROOT, " %.2f |", figure));
    }
    csv.append('\n');
    table.append('\n');
  }

  /**
   * The Markdown section.
   *
   * @param intro what the groups hold, placed above the table
   */
  String markdown(String intro) {
    StringBuilder md =
        new StringBuilder("## CPU per step (cores: CPU seconds per second)\n\n")
            .append(intro)
            .append(" Per result: CPU µs of the ")
            .append(system)
            .append(", and of the whole process (broker, driver and JVM included), per result")
            .append(" received; steadier than rates on a shared machine.\n\n")
            .append("| system | target/s | ")
            .append(system)
            .append(" µs/result | process µs/result |");
    columns.forEach(column -> md.append(' ').append(column).append(" |"));
    md.append("\n|---|---|---|---|").append("---|".repeat(columns.size())).append('\n');
    return md.append(table).toString();
  }

  /** Writes {@code cpu.csv} into {@code dir}. */
  void writeCsv(Path dir) throws IOException {
    StringBuilder header =
        new StringBuilder("system,target_rate,")
            .append(snake(system))
            .append("_us_per_result,process_us_per_result");
    columns.forEach(column -> header.append(',').append(snake(column)).append("_cores"));
    Files.writeString(dir.resolve("cpu.csv"), header.append('\n').append(csv).toString());
  }

  private static String snake(String name) {
    return name.replaceAll("[^A-Za-z0-9]+", "_");
  }
}
