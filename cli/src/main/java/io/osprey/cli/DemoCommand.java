package io.osprey.cli;

import io.osprey.platform.config.Settings;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.system.DemoRun;
import io.osprey.system.DemoScenario;
import io.osprey.system.DemoSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole system on one machine: embedded Kafka broker, Flink ingest job, Kafka Streams"
          + " scorer, DL4J trainer and a simulator. Prints a status line every few seconds (stderr)"
          + " and, when it stops, a one-line JSON summary (stdout). Ctrl-C stops it cleanly."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Stop once N simulated events have been scored.")
  Long events;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "Stop after this long, e.g. 90s or 5m.")
  String duration;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_S",
      description = "Simulator rate (default 200).")
  Double rate;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Kafka port on localhost (default 9092).")
  Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "State between runs (default .osprey).")
  String dataDir;

  @Option(names = "--fresh", description = "Delete the data directory first: start from nothing.")
  boolean fresh;

  @Option(
      names = "--no-simulator",
      description = "Run without the simulator; send your own events.")
  boolean noSimulator;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description =
          "A named scenario: drift (genuine amounts triple 4.5 minutes in, or a new fraud"
              + " pattern with --set simulator.scenario.drift=NEW_FRAUD; drift alerts, a retrain"
              + " from the lake, the gate's verdict).")
  String scenario;

  @Mixin SettingsOptions settingsOptions;

  @Override
  public Integer call() throws Exception {
    Settings settings = settingsOptions.load();
    if (events != null) {
      settings = settings.with(SimulatorSettings.MAX_EVENTS, events);
    }
    if (rate != null) {
      settings = settings.with(SimulatorSettings.RATE, rate);
    }
    if (port != null) {
      settings = settings.with(DemoSettings.KAFKA_PORT, port);
    }
    if (dataDir != null) {
      settings = settings.with(DemoSettings.DATA_DIR, dataDir);
    }
    if (scenario != null) {
      settings = DemoScenario.named(scenario).apply(settings);
    }
    if (noSimulator) {
      settings = settings.with(DemoSettings.SIMULATOR_ENABLED, false);
    }
    Duration limit =
        duration == null ? null : io.osprey.platform.config.Setting.parseDuration(duration);
    return new DemoRun(settings, events, limit, fresh).call();
  }
}
