package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
  @Test
  void ticksAreRoundStepsThatCoverTheData() {
    assertThat(LineChart.niceTicks(0, 1.0))
        .containsExactly(new double[] {0, .2, .4, .6, .8, 1}, within(1e-12));
    assertThat(LineChart.niceTicks(5, 50)).containsExactly(0, 10, 20, 30, 40, 50);
    assertThat(LineChart.niceTicks(0.5, 7.0)).containsExactly(0, 2, 4, 6, 8);
    assertThat(LineChart.niceTicks(0, 827)).containsExactly(0, 200, 400, 600, 800, 1000);
    assertThat(LineChart.niceTicks(0.003, 0.0042))
        .containsExactly(new double[] {.003, .0035, .004, .0045}, within(1e-12));
    assertThat(LineChart.niceTicks(3, 3))
        .as("a flat line still gets an axis")
        .hasSizeGreaterThan(1);
  }

  @Test
  void labelsShowAsManyDecimalsAsTheStepNeeds() {
    assertThat(LineChart.format(0.6000000000000001, new double[] {0, 0.2})).isEqualTo("0.6");
    assertThat(LineChart.format(800, new double[] {0, 200})).isEqualTo("800");
    assertThat(LineChart.format(0.0034, new double[] {0.003, 0.0032})).isEqualTo("0.0034");
  }

  @Test
  void drawsSeriesWithGapsAndUndefinedPoints(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("chart.png");
    new LineChart("t", "x", "y", false)
        .add(
            new LineChart.Series(
                "with a gap",
                List.of(new double[] {0, 0.1}, new double[] {1, Double.NaN}, new double[] {2, 0.9}),
                false))
        .add(new LineChart.Series("nothing defined", List.of(new double[] {0, Double.NaN}), true))
        .write(png);

    assertThat(Files.size(png)).isGreaterThan(1_000);
  }
}
