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
 * CI's check of the ingest benchmark harness: a few seconds at a low rate for the job with each
 * sink and for the Flink pass-through produce a complete report whose figures are filled in, with
 * results (feature vectors, or the copied payments) counted for each. No figure's value is
 * asserted; shared CI machines are too noisy for that.
 */
class IngestBenchSmokeIntegrationTest {
  @Test
  void aSmokeRunWritesAReportWithFiguresForBothSinksAndThePassthrough(@TempDir Path out)
      throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Path report =
        new IngestBenchRun(
                BenchPlan.INGEST_SMOKE, Settings.empty(), out, new PrintStream(progress, true))
            .run();

    assertThat(Files.readString(report))
        .contains("# Ingest job benchmark (smoke)")
        .contains("| at-least-once | 100 |")
        .contains("| exactly-once | 100 |")
        .contains("| flink passthrough | 100 |")
        .contains("## CPU per step");
    List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
    assertThat(steps).hasSize(4); // header + one step per system
    assertThat(steps.subList(1, 4))
        .allSatisfy(line -> assertThat(ReportCsv.numbers(line, 1)).allMatch(Double::isFinite))
        .allSatisfy(
            line -> assertThat(ReportCsv.lastNumber(line)).isPositive()); // results were counted
    List<String> cpu = Files.readAllLines(out.resolve("cpu.csv"));
    assertThat(cpu).hasSize(4);
    assertThat(cpu.subList(1, 4))
        .allSatisfy(line -> assertThat(ReportCsv.numbers(line, 1)).allMatch(Double::isFinite));
  }
}
