package io.osprey.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI's check of the benchmark harness: a few seconds of load against both systems produce a
 * complete report. No figure is asserted; shared CI machines are too noisy for that.
 */
class BenchSmokeIntegrationTest {
  @Test
  void aSmokeRunWritesTheWholeReport(@TempDir Path out) throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Path report = new BenchRun(BenchPlan.SMOKE, out, new PrintStream(progress, true)).run();

    assertThat(Files.readString(report))
        .contains("# Osprey benchmark (smoke)")
        .contains("| osprey |")
        .contains("| baseline |")
        .contains("machine: ");
    List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
    assertThat(steps).hasSize(3); // header + one step per system
    assertThat(steps.get(1)).startsWith("baseline,100,");
    assertThat(steps.get(2)).startsWith("osprey,100,");
    assertThat(out.resolve("latency-vs-rate.png")).isNotEmptyFile();
    assertThat(out.resolve("throughput-vs-rate.png")).isNotEmptyFile();
  }
}
