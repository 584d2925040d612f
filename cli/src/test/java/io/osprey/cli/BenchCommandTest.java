package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.bench.SystemBenchPlan.Half;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  @Test
  void bothHalvesRunUnlessOneIsNamed() {
    assertThat(parse("bench").halves()).isEqualTo(EnumSet.allOf(Half.class));
    assertThat(parse("bench", "--only", "perf").halves()).containsExactly(Half.PERF);
    assertThat(parse("bench", "--only", "Quality").halves()).containsExactly(Half.QUALITY);
    // Also the name of the "bench quality" subcommand: still the option's value here.
    assertThat(parse("bench", "--only", "quality").halves()).containsExactly(Half.QUALITY);
    assertThat(parse("bench", "--only=quality").halves()).containsExactly(Half.QUALITY);
  }

  @Test
  void anUnknownHalfIsRefusedWithTheKnownOnes() {
    assertThatThrownBy(() -> parse("bench", "--only", "speed").halves())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perf, quality");
  }

  @Test
  void theReportNamesTheCommandAsTyped() {
    assertThat(parse("bench", "--plan", "smoke", "--only", "perf").commandLine())
        .isEqualTo("./osprey bench --plan smoke --only perf");
  }

  private static BenchCommand parse(String... args) {
    return (BenchCommand)
        OspreyCli.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
  }
}
