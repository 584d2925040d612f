package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shape of summary.json from a known report model; no timing is measured here. */
class SummaryJsonTest {
  private static final MachineInfo MACHINE =
      new MachineInfo(2, 8L << 30, "Test CPU", "Test JVM 17", 1L << 30, "Linux", 3.5);

  @Test
  void summaryHasTheFixedFieldsPerSystemStepStageRatioAndMachine(@TempDir Path dir)
      throws Exception {
    BenchReport report =
        new BenchReport(
            BenchPlan.QUICK,
            MACHINE,
            Map.of(
                "osprey",
                List.of(
                    step("osprey", 250, 20, 40, 0, true), step("osprey", 1000, 30, 400, 300, true)),
                "baseline",
                List.of(
                    step("baseline", 250, 10, 20, 0, true),
                    step("baseline", 1000, 12, 25, 0, true))),
            Map.of());
    Path file = dir.resolve(SummaryJson.FILE);
    report.summary().write(file);

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("osprey", "baseline", "ratios", "machine", "plan");
    JsonNode first = json.path("osprey").path("steps").get(0);
    assertThat(first.fieldNames())
        .toIterable()
        .contains("offered", "received", "keptUp", "p50Ms", "p99Ms", "p999Ms", "stages");
    assertThat(first.path("offered").asDouble()).isEqualTo(250);
    assertThat(first.path("received").asDouble()).isEqualTo(250);
    assertThat(first.path("keptUp").asBoolean()).isTrue();
    assertThat(first.path("p50Ms").asDouble()).isEqualTo(20, within());
    assertThat(first.path("p99Ms").asDouble()).isEqualTo(40, within());
    assertThat(first.path("stages").fieldNames())
        .toIterable()
        .containsExactly(
            "producerToIngest",
            "ingestToFeature",
            "featureToFeatureOut",
            "featureOutToScored",
            "scoredToConsumer");
    // Each stage was given the step's own p50 and p99, split by stage index (see step()).
    assertThat(first.path("stages").path("ingestToFeature").path("p50Ms").asDouble())
        .isEqualTo(20 + 1, within());
    assertThat(first.path("stages").path("scoredToConsumer").path("p99Ms").asDouble())
        .isEqualTo(40 + 4, within());

    JsonNode behind = json.path("osprey").path("steps").get(1);
    assertThat(behind.path("keptUp").asBoolean()).isFalse();
    assertThat(json.path("baseline").path("steps")).hasSize(2);

    JsonNode ratios = json.path("ratios");
    assertThat(ratios.path("highestKeptUp").asDouble()).isEqualTo(0.25, within());
    assertThat(ratios.path("steps").get(0).path("offered").asDouble()).isEqualTo(250);
    assertThat(ratios.path("steps").get(0).path("p50").asDouble()).isEqualTo(2.0, within());
    assertThat(ratios.path("steps").get(1).path("p99").asDouble()).isEqualTo(16.0, within());

    JsonNode machine = json.path("machine");
    assertThat(machine.path("cores").asInt()).isEqualTo(2);
    assertThat(machine.path("cpu").asText()).isEqualTo("Test CPU");
    assertThat(machine.path("loadAverage").asDouble()).isEqualTo(3.5);
    assertThat(json.path("plan").path("name").asText()).isEqualTo("quick");
  }

  @Test
  void aStepWithoutStageTimesHasEmptyStagesAndAMissingFigureIsNull(@TempDir Path dir)
      throws Exception {
    StepResult empty = new StepResult("osprey", 250, 250, 0, 250, new Histogram(3));
    Path file = dir.resolve(SummaryJson.FILE);
    new BenchReport(BenchPlan.QUICK, MACHINE, Map.of("osprey", List.of(empty)), Map.of())
        .summary()
        .write(file);

    JsonNode step = new ObjectMapper().readTree(file.toFile()).path("osprey").path("steps").get(0);
    assertThat(step.path("stages").size()).isZero();
    assertThat(step.path("p50Ms").isNull()).isTrue();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.1);
  }

  /**
   * A step whose latencies are 98% at {@code p50Ms} and 2% at {@code p99Ms}; stage {@code i} gets
   * the same shape shifted by i ms.
   */
  private static StepResult step(
      String system,
      double rate,
      double p50Ms,
      double p99Ms,
      double backlogGrowth,
      boolean staged) {
    Map<Stage, Histogram> stages = new EnumMap<>(Stage.class);
    if (staged) {
      for (Stage stage : Stage.values()) {
        stages.put(stage, histogram(p50Ms + stage.ordinal(), p99Ms + stage.ordinal()));
      }
    }
    return new StepResult(system, rate, rate, rate, backlogGrowth, histogram(p50Ms, p99Ms), stages);
  }

  private static Histogram histogram(double p50Ms, double p99Ms) {
    Histogram latency = new Histogram(3);
    latency.recordValueWithCount((long) (p50Ms * 1000), 98);
    latency.recordValueWithCount((long) (p99Ms * 1000), 2);
    return latency;
  }
}
