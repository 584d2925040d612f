package io.osprey.scoring;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.osprey.console.Console;
import io.osprey.console.ConsoleSettings;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.MainHelp;
import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.config.SettingsSources;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scoring instance: {@code ScoringMain [settings.properties] [key=value ...]}, each key
 * also settable from its environment variable ({@link SettingsSources}). Serves Prometheus metrics,
 * stops cleanly on SIGTERM through a named shutdown hook, and exits non-zero if Kafka Streams
 * fails. Local state is never wiped here: the RocksDB model store and checkpoints make restarts
 * cheap.
 */
public final class ScoringMain {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringMain.class);

  /** The keys a scorer reads, and so the ones its environment may set. */
  static final List<Setting<?>> KEYS =
      Setting.declaredIn(
          CommonSettings.class,
          KafkaSecuritySettings.class,
          ModelSigningSettings.class,
          ScoringSettings.class,
          ConsoleSettings.class);

  private ScoringMain() {}

  public static void main(String[] args) throws Exception {
    if (MainHelp.requested(args)) {
      MainHelp.print(
          System.out,
          "osprey-scorer",
          "Runs one scoring instance (Kafka Streams) until SIGTERM.",
          CommonSettings.class,
          KafkaSecuritySettings.class,
          ModelSigningSettings.class,
          ScoringSettings.class);
      return;
    }
    run(SettingsSources.forMain(args, KEYS));
  }

  /** Runs one scoring instance until the process is asked to stop or Kafka Streams fails. */
  public static void run(Settings settings) throws Exception {
    // Creating missing topics is idempotent; on a managed cluster they already exist.
    TopicAdmin.ensureTopics(settings);
    int port = settings.get(ScoringSettings.METRICS_PORT);
    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(registry, settings.get(CommonSettings.METRICS_BIND_ADDRESS), port);
    ScoringService scoring = ScoringService.start(settings, registry);
    endpoint.watch(scoring);
    // The console reads and labels with the scorer's own credentials: on a secured cluster its
    // user then needs reads of the topics the console shows and writes of labels (README).
    Console console =
        settings.get(ConsoleSettings.PORT) < 0
            ? null
            : Console.start(
                settings,
                KafkaClients.from(settings),
                KafkaClients.from(settings),
                settings.get(CommonSettings.METRICS_BIND_ADDRESS));
    LOG.info(
        "Scoring started; metrics, /health and /ready on http://localhost:{}, queries on port {},"
            + " console on port {}",
        endpoint.port(),
        scoring.httpPort(),
        console == null ? "none" : console.port());

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Shutting down scoring");
                  if (console != null) {
                    console.close();
                  }
                  scoring.close();
                  endpoint.close();
                },
                "osprey-scoring-shutdown"));

    scoring.awaitStopped(); // the latch: released by close() or by a fatal Streams error
    if (scoring.state() == KafkaStreams.State.ERROR) {
      LOG.error("Scoring stopped in state ERROR");
      System.exit(1);
    }
  }
}
