package io.osprey.bench;

import io.osprey.console.ConsoleSettings;
import io.osprey.platform.config.Settings;
import io.osprey.scoring.ScoringSettings;
import io.osprey.system.DemoSettings;
import io.osprey.system.OspreySystem;
import io.osprey.trainer.TrainerSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance half of {@code ./osprey bench} ({@link SystemBenchRun}): runs the plan's rate
 * steps against Osprey, then against the pass-through baseline, one system at a time (they would
 * otherwise compete for the same cores).
 */
final class BenchRun {
  private final BenchPlan plan;
  private final Settings overrides;
  private final PrintStream progress;

  /**
   * @param overrides settings for Osprey (e.g. a trainer option to try); its data folder and ports
   *     stay the run's own, and the baseline has no settings to take
   */
  BenchRun(BenchPlan plan, Settings overrides, PrintStream progress) {
    this.plan = plan;
    this.overrides = overrides;
    this.progress = progress;
  }

  /** Runs both systems and returns their report, to be written. */
  BenchReport measure() throws Exception {
    MachineInfo machine = MachineInfo.current(); // the load before the run adds its own
    Map<String, List<StepResult>> steps = new LinkedHashMap<>();
    Map<String, List<double[]>> backlog = new LinkedHashMap<>();
    CpuPerStep cpu = CpuGroups.ofSystemBench();
    Path work = Files.createTempDirectory("osprey-bench-");
    try {
      try (SystemUnderTest osprey = startOsprey(work.resolve("osprey"))) {
        measure(osprey, steps, backlog, cpu);
      }
      try (SystemUnderTest baseline = BaselineSystem.start(work.resolve("baseline"))) {
        measure(baseline, steps, backlog, cpu);
      }
    } finally {
      WorkDirs.deleteQuietly(work);
    }
    return new BenchReport(
        BenchReport.Heading.SYSTEM,
        plan,
        machine,
        steps,
        backlog,
        List.of(cpu.markdown(CpuGroups.SYSTEM_BENCH_INTRO)),
        cpu);
  }

  private void measure(
      SystemUnderTest system,
      Map<String, List<StepResult>> steps,
      Map<String, List<double[]>> backlog,
      CpuPerStep cpu) {
    List<double[]> samples = new ArrayList<>();
    try (LoadDriver driver =
        new LoadDriver(
            system.name(),
            system.bootstrapServers(),
            system.inputTopic(),
            system.resultTopic(),
            PaymentWorkload.jsonResults(11, system.name() + "11"))) {
      steps.put(
          system.name(),
          new RateSweep(plan, progress)
              .run(driver, system.name(), samples, cpu.observer(system.name())));
    }
    backlog.put(system.name(), samples);
  }

  private SystemUnderTest startOsprey(Path dataDir) throws Exception {
    Settings settings =
        overrides
            .with(DemoSettings.DATA_DIR, dataDir.toString())
            .with(DemoSettings.KAFKA_PORT, 0)
            .with(DemoSettings.SIMULATOR_ENABLED, false)
            .with(DemoSettings.MONITOR_METRICS_PORT, 0)
            .with(DemoSettings.FLINK_METRICS_PORT, 0)
            .with(ScoringSettings.METRICS_PORT, 0)
            .with(ScoringSettings.HTTP_PORT, 0)
            .with(TrainerSettings.METRICS_PORT, 0)
            // no console and no outside-in monitor: their consumers would be measured with the
            // system, and the driver measures latency itself
            .with(ConsoleSettings.PORT, -1)
            .with(DemoSettings.MONITOR_ENABLED, false);
    long start = System.nanoTime();
    OspreySystem system = OspreySystem.start(settings);
    progress.printf("bench: osprey started in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return new SystemUnderTest() {
      @Override
      public String name() {
        return "osprey";
      }

      @Override
      public String bootstrapServers() {
        return system.bootstrapServers();
      }

      @Override
      public String inputTopic() {
        return system.topics().transactions().name();
      }

      @Override
      public String resultTopic() {
        return system.topics().predictions().name();
      }

      @Override
      public void close() {
        system.close();
      }
    };
  }
}
