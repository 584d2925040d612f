package io.osprey.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The performance figures as {@code summary.json}, with fixed field names for scripts and
 * dashboards (documented in the module README, "summary.json"):
 *
 * <pre>
 * {"osprey": {"steps": [{"offered", "sent", "received", "keptUp", "sustained", "p50Ms", "p99Ms",
 *                        "p999Ms", "results", "stages": {"producerToIngest": {"p50Ms", "p99Ms"}, …},
 *                        "cpuCores": {"thread group": cores, …}}]},
 *  "baseline": {"steps": [ … ]},
 *  "ratios": {"highestKeptUp", "highestSustained", "steps": [{"offered", "p50", "p99", "received"}]},
 *  "machine": {"cores", "memoryBytes", "cpu", "jvm", "maxHeapBytes", "os", "loadAverage"},
 *  "plan": {"name", "stepSeconds", "warmupSeconds", "p99BudgetMs"}}
 * </pre>
 *
 * A figure that could not be measured (no result in a step, a ratio to nothing) is {@code null}.
 */
final class SummaryJson {
  static final String FILE = "summary.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final BenchPlan plan;
  private final MachineInfo machine;
  private final Map<String, List<StepResult>> stepsBySystem;
  private final CpuPerStep cpu; // null: not measured

  SummaryJson(
      BenchPlan plan,
      MachineInfo machine,
      Map<String, List<StepResult>> stepsBySystem,
      CpuPerStep cpu) {
    this.plan = plan;
    this.machine = machine;
    this.stepsBySystem = stepsBySystem;
    this.cpu = cpu;
  }

  void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), tree());
  }

  ObjectNode tree() {
    ObjectNode root = JSON.createObjectNode();
    List<StepResult> osprey = stepsBySystem.getOrDefault("osprey", List.of());
    List<StepResult> baseline = stepsBySystem.getOrDefault("baseline", List.of());
    root.set("osprey", system("osprey", osprey));
    root.set("baseline", system("baseline", baseline));
    root.set("ratios", ratios(osprey, baseline));
    root.set("machine", machine());
    root.set("plan", plan());
    return root;
  }

  private ObjectNode system(String name, List<StepResult> steps) {
    ObjectNode system = JSON.createObjectNode();
    ArrayNode array = system.putArray("steps");
    steps.forEach(s -> array.add(step(name, s)));
    return system;
  }

  private ObjectNode step(String system, StepResult s) {
    ObjectNode step = JSON.createObjectNode();
    step.put("offered", s.targetRate()); // 0: flat out
    number(step, "sent", s.sentRate());
    number(step, "received", s.receivedRate());
    step.put("keptUp", s.keepsUp());
    step.put("sustained", s.sustained(plan.p99BudgetMs()));
    number(step, "p50Ms", s.percentileMs(50));
    number(step, "p99Ms", s.percentileMs(99));
    number(step, "p999Ms", s.percentileMs(99.9));
    step.put("results", s.latencyMicros().getTotalCount());
    ObjectNode stages = step.putObject("stages");
    if (!s.stageMicros().isEmpty()) {
      for (Stage stage : Stage.values()) {
        ObjectNode figures = stages.putObject(stage.key());
        number(figures, "p50Ms", s.stagePercentileMs(stage, 50));
        number(figures, "p99Ms", s.stagePercentileMs(stage, 99));
      }
    }
    ObjectNode cores = step.putObject("cpuCores");
    if (cpu != null) {
      cpu.cores(system, s.targetRate()).forEach((group, c) -> number(cores, group, c));
    }
    return step;
  }

  private ObjectNode ratios(List<StepResult> osprey, List<StepResult> baseline) {
    ObjectNode ratios = JSON.createObjectNode();
    number(ratios, "highestKeptUp", ratio(highestKeptUp(osprey), highestKeptUp(baseline)));
    number(
        ratios,
        "highestSustained",
        ratio(
            BenchReport.maxSustained(osprey, plan.p99BudgetMs()),
            BenchReport.maxSustained(baseline, plan.p99BudgetMs())));
    ArrayNode steps = ratios.putArray("steps");
    for (StepResult o : osprey) {
      baseline.stream()
          .filter(b -> b.targetRate() == o.targetRate())
          .findFirst()
          .ifPresent(
              b -> {
                ObjectNode step = steps.addObject();
                step.put("offered", o.targetRate());
                number(step, "p50", o.percentileMs(50) / b.percentileMs(50));
                number(step, "p99", o.percentileMs(99) / b.percentileMs(99));
                number(step, "received", o.receivedRate() / b.receivedRate());
              });
    }
    return ratios;
  }

  static Optional<Double> highestKeptUp(List<StepResult> steps) {
    return steps.stream()
        .filter(StepResult::keepsUp)
        .map(StepResult::sentRate)
        .max(Double::compare);
  }

  private static double ratio(Optional<Double> osprey, Optional<Double> baseline) {
    return osprey.isPresent() && baseline.isPresent()
        ? osprey.get() / baseline.get()
        : osprey.isEmpty() && baseline.isPresent() ? 0 : Double.NaN;
  }

  private ObjectNode machine() {
    ObjectNode node = JSON.createObjectNode();
    node.put("cores", machine.cores());
    node.put("memoryBytes", machine.memoryBytes());
    node.put("cpu", machine.cpu());
    node.put("jvm", machine.jvm());
    node.put("maxHeapBytes", machine.maxHeapBytes());
    node.put("os", machine.os());
    number(node, "loadAverage", machine.loadAverage());
    return node;
  }

  private ObjectNode plan() {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", plan.name());
    node.put("stepSeconds", plan.step().toSeconds());
    node.put("warmupSeconds", plan.warmup().toSeconds());
    node.put("p99BudgetMs", plan.p99BudgetMs());
    return node;
  }

  /** A finite figure, or null (JSON has no NaN). */
  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
