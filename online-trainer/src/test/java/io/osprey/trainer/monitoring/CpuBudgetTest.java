package io.osprey.trainer.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuBudgetTest {
  private long cpu;
  private long wall;
  private final List<Long> slept = new ArrayList<>();

  private CpuBudget budget(double cores) {
    return new CpuBudget(
        cores,
        () -> cpu,
        () -> wall,
        nanos -> {
          slept.add(nanos);
          wall += nanos;
        });
  }

  @Test
  void aThreadOverItsBudgetSleepsUntilItsShareIsBackUnder() throws Exception {
    CpuBudget half = budget(0.5);
    half.pace(); // starts the window
    cpu += 100_000_000; // 100 ms of CPU in 100 ms of wall time: one whole core
    wall += 100_000_000;
    half.pace();

    // At half a core, 100 ms of CPU is due 200 ms of wall time: 100 ms more.
    assertThat(slept).containsExactly(100_000_000L);
  }

  @Test
  void aThreadUnderItsBudgetNeverSleeps() throws Exception {
    CpuBudget half = budget(0.5);
    half.pace();
    for (int i = 0; i < 20; i++) {
      cpu += 10_000_000; // 10 ms of CPU per 100 ms: a tenth of a core
      wall += 100_000_000;
      half.pace();
    }
    assertThat(slept).isEmpty();
  }

  @Test
  void noBudgetNeverSleeps() throws Exception {
    CpuBudget none = budget(0);
    none.pace();
    cpu += 1_000_000_000;
    none.pace();
    assertThat(slept).isEmpty();
    assertThat(CpuBudget.of(0)).isSameAs(CpuBudget.NONE);
  }
}
