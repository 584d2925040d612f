package io.osprey.cli;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.scoring.ScoringMain;
import io.osprey.sources.simulator.SimulatedPaymentsFile;
import io.osprey.sources.simulator.SimulatorConfig;
import io.osprey.sources.simulator.SimulatorRunner;
import io.osprey.trainer.TrainerMain;
import io.osprey.trainer.TrainerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One component against an existing Kafka cluster, as on a cluster deployment. The ingest job runs
 * on Flink from its job jar instead (see deploy/README.md).
 */
abstract class ComponentCommand implements Callable<Integer> {
  @Mixin SettingsOptions settingsOptions;

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

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
      description = {
        "Runs the online trainer for one model name.",
        "With --bootstrap-from-lake it first trains a model from the lake's Parquet training"
            + " examples (time split, early stopping, calibration), publishes it on models, then"
            + " goes on learning online from it; add --bootstrap-only to exit after publishing."
      })
  static final class Train extends ComponentCommand {
    @Option(
        names = "--bootstrap-from-lake",
        paramLabel = "PATH",
        description =
            "Lake root (or its training-examples directory) to bootstrap the model from"
                + " (trainer.bootstrap.lake).")
    String bootstrapFromLake;

    @Option(
        names = "--bootstrap-only",
        description =
            "Exit after publishing the bootstrapped model (trainer.bootstrap.only): a plain batch"
                + " training run over files.")
    boolean bootstrapOnly;

    @Override
    public Integer call() throws Exception {
      Settings settings = settingsOptions.load();
      if (bootstrapFromLake != null) {
        settings = settings.with(TrainerSettings.BOOTSTRAP_LAKE, bootstrapFromLake);
      }
      if (bootstrapOnly) {
        settings = settings.with(TrainerSettings.BOOTSTRAP_ONLY, true);
      }
      TrainerMain.run(settings);
      return 0;
    }
  }

  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = {
        "Sends simulated payments and their delayed labels to an existing cluster, or, with"
            + " --to-file, writes them to a JSON-lines file to replay."
      })
  static final class Simulate extends ComponentCommand {
    /** Events a file gets when simulator.max.events does not say (0 means "never stop"). */
    static final long FILE_EVENTS = 100_000;

    @Option(
        names = "--to-file",
        paramLabel = "FILE",
        description =
            "Write simulator.max.events events (100,000 when it is 0) to FILE instead of sending"
                + " them: the transactions topic's JSON plus 'fraud' and 'labelTime' on the"
                + " labelled ones, event times from 2024-03-04T08:00Z. The same settings write the"
                + " same file; replay it with './osprey replay --file FILE ...' (printed).")
    Path toFile;

    @Override
    public Integer call() throws Exception {
      Settings settings = settingsOptions.load();
      if (toFile != null) {
        return writeFile(SimulatorConfig.from(settings));
      }
      AtomicBoolean stopRequested = new AtomicBoolean();
      CountDownLatch closed = new CountDownLatch(1);
      // The hook asks the loop to stop, then waits until the producer was flushed and closed.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stopRequested.set(true);
                    awaitQuietly(closed);
                  },
                  "osprey-simulator-shutdown"));
      try (SimulatorRunner simulator =
          new SimulatorRunner(
              KafkaClients.from(settings),
              CommonSettings.topics(settings),
              SimulatorConfig.from(settings))) {
        simulator.start();
        while (!simulator.finished() && !stopRequested.get()) {
          TimeUnit.MILLISECONDS.sleep(200);
        }
        simulator.close();
        System.err.printf(
            "sent %,d events, %,d labels, %,d malformed records (%,d not acknowledged)%n",
            simulator.eventsSent(),
            simulator.labelsSent(),
            simulator.malformedSent(),
            simulator.sendFailures());
      } finally {
        closed.countDown();
      }
      return 0;
    }

    private int writeFile(SimulatorConfig simulator) throws IOException {
      long events = simulator.maxEvents() > 0 ? simulator.maxEvents() : FILE_EVENTS;
      SimulatedPaymentsFile.write(toFile, events, simulator);
      System.err.printf("wrote %,d simulated payments to %s; replay them with%n", events, toFile);
      System.out.println("./osprey replay " + String.join(" ", replayFlags(toFile)));
      return 0;
    }

    /** The replay flags that describe a file this command wrote. */
    static List<String> replayFlags(Path file) {
      return List.of(
          "--file",
          file.toString(),
          "--id-column",
          SimulatedPaymentsFile.ID_COLUMN,
          "--entity-column",
          SimulatedPaymentsFile.ENTITY_COLUMN,
          "--time-column",
          SimulatedPaymentsFile.TIME_COLUMN,
          "--label-column",
          SimulatedPaymentsFile.FRAUD,
          "--labels-optional",
          "--label-time-column",
          SimulatedPaymentsFile.LABEL_TIME);
    }
  }
}
