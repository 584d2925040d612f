package io.osprey.deploy.cli;

import io.osprey.deploy.simulator.SimulatorRunner;
import io.osprey.deploy.simulator.SimulatorSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.scoring.ScoringMain;
import io.osprey.trainer.TrainerMain;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One component against an existing Kafka cluster, as on a cluster deployment. The ingest job runs
 * on Flink from its job jar instead (see deploy/README.md).
 */
abstract class ComponentCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;

  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      description = "Runs one scoring-topology instance (Kafka Streams).")
  static final class Score extends ComponentCommand {
    @Override
    public Integer call() throws Exception {
      ScoringMain.run(settingsOptions.load());
      return 0;
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = "Runs the online trainer for one model name.")
  static final class Train extends ComponentCommand {
    @Override
    public Integer call() throws Exception {
      TrainerMain.run(settingsOptions.load());
      return 0;
    }
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = "Sends simulated payments and their delayed labels to an existing cluster.")
  static final class Simulate extends ComponentCommand {
    @Override
    public Integer call() throws Exception {
      Settings settings = settingsOptions.load();
      CountDownLatch stopped = new CountDownLatch(1);
      try (SimulatorRunner simulator =
          new SimulatorRunner(
              settings.get(CommonSettings.BOOTSTRAP_SERVERS),
              CommonSettings.topics(settings),
              SimulatorSettings.from(settings))) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(stopped::countDown, "osprey-simulator-shutdown"));
        simulator.start();
        while (!simulator.finished() && stopped.getCount() > 0) {
          stopped.await(1, java.util.concurrent.TimeUnit.SECONDS);
        }
        System.err.printf(
            "sent %,d events, %,d labels, %,d malformed records%n",
            simulator.eventsSent(), simulator.labelsSent(), simulator.malformedSent());
      }
      return 0;
    }
  }
}
