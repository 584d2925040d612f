package io.osprey.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osprey.deploy.replay.DatasetFetcher;
import io.osprey.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality harness end to end on 2,000 real sensor readings (fetched from npm into the
 * repository's {@code data/} cache; skipped without npm): the whole system starts on the sensors
 * spec, the replay goes through it, and the report has every contender and its files. It checks the
 * harness works, not how good the figures are.
 */
class QualityBenchSmokeIntegrationTest {
  @Test
  void aSmokeRunReportsEveryContenderOnRealData(@TempDir Path reports) throws Exception {
    assumeTrue(npmAvailable(), "npm is not on the PATH: the sensor data cannot be fetched");
    Path root = repositoryRoot();
    Path dataDir = root.resolve("data");
    Path report =
        new QualityBenchRun(
                QualityBenchRun.plan("smoke", root.resolve("deploy/specs")),
                Settings.empty(),
                reports,
                System.err)
            .run(
                dataDir,
                new DatasetFetcher(root.resolve("deploy/data/fetch-datasets.sh"), dataDir));

    String md = Files.readString(report);
    assertThat(md)
        .contains("### Quality: sensors")
        .contains("served by the pipeline")
        .contains("online logistic regression")
        .contains("upper bound");
    assertThat(reports.resolve("quality-sensors.csv")).isNotEmptyFile();
    assertThat(Files.readAllLines(reports.resolve("quality-sensors-served.csv")))
        .hasSizeGreaterThan(1);
    assertThat(reports.resolve("quality-sensors-pr-auc.png")).isNotEmptyFile();
    // Every matured example was served a prediction: nothing was lost on the way.
    assertThat(md).doesNotContain("had no served prediction");
  }

  private static boolean npmAvailable() {
    try {
      return new ProcessBuilder("npm", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("deploy/data/fetch-datasets.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
