package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's check of the scoring benchmark harness: a couple of seconds at a low rate, for both models
 * and the Kafka Streams passthrough, produce a complete report whose figures are filled in. No
 * figure's value is asserted; shared CI machines are too noisy for that.
 */
class ScoringBenchSmokeIntegrationTest {
  @Test
  void aSmokeRunWritesAReportWithFiguresForEachModelAndThePassthrough(@TempDir Path out)
      throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Path report =
        new ScoringBenchRun(
                BenchPlan.SCORING_SMOKE,
                List.of(BenchModel.DEFAULT, BenchModel.CRAYFISH),
                0.01,
                true,
                Settings.empty(),
                out,
                new PrintStream(progress, true))
            .run();

    assertThat(Files.readString(report))
        .contains("# Scoring topology benchmark (smoke)")
        .contains("| default | 200 |")
        .contains("| crayfish | 200 |")
        .contains("| passthrough | 200 |")
        .containsPattern("crayfish: DL4J MLP \\d+-160-160-1, \\d+ parameters")
        .contains("## CPU per step");
    List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
    assertThat(steps).hasSize(4); // header + one step per model and the passthrough
    assertThat(steps.subList(1, 4))
        .allSatisfy(line -> assertThat(ReportCsv.numbers(line, 1)).allMatch(Double::isFinite))
        .allSatisfy(
            line -> assertThat(ReportCsv.lastNumber(line)).isPositive()); // results were counted
    List<String> cpu = Files.readAllLines(out.resolve("cpu.csv"));
    assertThat(cpu).hasSize(4);
    assertThat(cpu.subList(1, 4))
        .allSatisfy(line -> assertThat(ReportCsv.numbers(line, 1)).allMatch(Double::isFinite));
    assertThat(out.resolve("latency-vs-rate.png")).isNotEmptyFile();
  }
}
