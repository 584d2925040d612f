package io.osprey.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's check of the ingest benchmark harness: a few seconds at a low rate for the job with each
 * sink and for the Flink pass-through produce a complete report whose figures are filled in, and
 * every payment sent came back as a result (a feature vector, or the copied payment). No figure's
 * value is asserted; shared CI machines are too noisy for that.
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
        .allSatisfy(line -> assertThat(numbers(line, 1)).allMatch(Double::isFinite))
        .allSatisfy(line -> assertThat(lastNumber(line)).isPositive()); // results were counted
    List<String> cpu = Files.readAllLines(out.resolve("cpu.csv"));
    assertThat(cpu).hasSize(4);
    assertThat(cpu.subList(1, 4))
        .allSatisfy(line -> assertThat(numbers(line, 1)).allMatch(Double::isFinite));
  }

  /** The comma-separated fields of {@code line} from index {@code from} on, as numbers. */
  private static List<Double> numbers(String line, int from) {
    String[] fields = line.split(",");
    return Arrays.stream(fields, from, fields.length).map(Double::parseDouble).toList();
  }

  private static double lastNumber(String line) {
    List<Double> numbers = numbers(line, 1);
    return numbers.get(numbers.size() - 1);
  }
}
