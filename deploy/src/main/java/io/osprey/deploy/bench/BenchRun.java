package io.osprey.deploy.bench;

import io.osprey.deploy.launch.DemoSettings;
import io.osprey.deploy.launch.OspreySystem;
import io.osprey.platform.config.Settings;
import io.osprey.scoring.ScoringSettings;
import io.osprey.trainer.TrainerSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./osprey bench}: runs the plan's rate steps against Osprey, then against the pass-through
 * baseline, one system at a time (they would otherwise compete for the same cores), and writes the
 * report.
 */
public final class BenchRun {
  private final BenchPlan plan;
  private final Path outDir;
  private final PrintStream progress;

  public BenchRun(BenchPlan plan, Path outDir, PrintStream progress) {
    this.plan = plan;
    this.outDir = outDir;
    this.progress = progress;
  }

  /** Runs everything and returns the path of the Markdown report. */
  public Path run() throws Exception {
    Map<String, List<StepResult>> steps = new LinkedHashMap<>();
    Map<String, List<double[]>> backlog = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("osprey-bench-");
    try (SystemUnderTest osprey = startOsprey(work.resolve("osprey"))) {
      measure(osprey, steps, backlog);
    }
    try (SystemUnderTest baseline = BaselineSystem.start(work.resolve("baseline"))) {
      measure(baseline, steps, backlog);
    }
    return new BenchReport(plan, MachineInfo.current(), steps, backlog).write(outDir);
  }

  private void measure(
      SystemUnderTest system,
      Map<String, List<StepResult>> steps,
      Map<String, List<double[]>> backlog) {
    List<double[]> samples = new ArrayList<>();
    try (LoadDriver driver =
        new LoadDriver(
            system.name(),
            system.bootstrapServers(),
            system.inputTopic(),
            system.resultTopic(),
            new PaymentWorkload(11, system.name() + "11"))) {
      steps.put(
          system.name(),
          new RateSweep(plan, progress)
              .run(driver, system.name(), samples, RateSweep.StepObserver.NONE));
    }
    backlog.put(system.name(), samples);
  }

  private static SystemUnderTest startOsprey(Path dataDir) throws Exception {
    Settings settings =
        Settings.empty()
            .with(DemoSettings.DATA_DIR, dataDir.toString())
            .with(DemoSettings.KAFKA_PORT, 0)
            .with(DemoSettings.SIMULATOR_ENABLED, false)
            .with(DemoSettings.MONITOR_METRICS_PORT, 0)
            .with(DemoSettings.FLINK_METRICS_PORT, 0)
            .with(ScoringSettings.METRICS_PORT, 0)
            .with(ScoringSettings.HTTP_PORT, 0)
            .with(TrainerSettings.METRICS_PORT, 0);
    OspreySystem system = OspreySystem.start(settings);
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
