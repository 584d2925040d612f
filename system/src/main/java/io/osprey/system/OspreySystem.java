package io.osprey.system;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.osprey.console.Console;
import io.osprey.console.ConsoleSettings;
import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.kafka.TopicCreation;
import io.osprey.platform.metrics.ConsumerGroupLag;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.platform.metrics.ProcessHealth;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringConfig;
import io.osprey.scoring.ScoringService;
import io.osprey.scoring.ScoringSettings;
import io.osprey.sources.simulator.SimulatedClock;
import io.osprey.sources.simulator.SimulatorConfig;
import io.osprey.sources.simulator.SimulatorRunner;
import io.osprey.system.monitor.SystemMonitor;
import io.osprey.trainer.OnlineTrainer;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Osprey on one machine, in one JVM: a KRaft broker, the ingest job on a Flink
 * MiniCluster, the Kafka Streams scorer, the DL4J trainer, the outside-in monitor and (optionally)
 * the simulator. Started in dependency order, closed in reverse; the demo and the end-to-end test
 * both use exactly this class.
 */
public final class OspreySystem implements ProcessHealth, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OspreySystem.class);
  private static final Duration READINESS_TIMEOUT = Duration.ofMinutes(3);

  /** Predictions of a backlog flowing this long prove the pipeline live (see ReadinessWatch). */
  private static final Duration SUSTAINED_PROGRESS = Duration.ofSeconds(10);

  /** How often the consumer lag of the three groups is read from the broker. */
  private static final Duration LAG_REFRESH = Duration.ofSeconds(5);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final OspreyTopics topics;
  private String bootstrapServers;
  private EmbeddedKafka kafka;
  private SystemMonitor monitor;
  private ScoringService scoring;
  private OnlineTrainer trainer;
  private SimulatorRunner simulator;
  private EmbeddedFlink flink;
  private Console console;
  private final Map<String, Integer> endpointPorts = new LinkedHashMap<>();
  private volatile boolean serving; // the readiness probe passed and every component started

  private OspreySystem(OspreyTopics topics) {
    this.topics = topics;
  }

  /** Starts everything; on failure, whatever had started is closed again. */
  public static OspreySystem start(Settings settings) throws Exception {
    OspreySystem system = new OspreySystem(CommonSettings.topics(settings));
    try {
      system.startAll(settings);
      return system;
    } catch (Exception | Error e) {
      system.close();
      throw e;
    }
  }

  private void startAll(Settings base) throws Exception {
    Path dataDir = Path.of(base.get(DemoSettings.DATA_DIR)).toAbsolutePath();
    Path kafkaDir = dataDir.resolve("kafka");
    int kafkaPort = base.get(DemoSettings.KAFKA_PORT);
    kafka =
        base.get(DemoSettings.KAFKA_SECURED)
            ? EmbeddedKafka.startSecured(kafkaDir, kafkaPort, OspreyPrincipals.USERS)
            : EmbeddedKafka.start(kafkaDir, kafkaPort);
    started.push(kafka);
    bootstrapServers = kafka.bootstrapServers();
    Settings settings =
        DemoKeys.withSigningKey(
            base.with(CommonSettings.BOOTSTRAP_SERVERS, bootstrapServers)
                .with(ScoringSettings.STATE_DIR, dataDir.resolve("streams").toString()),
            dataDir);
    kafka.grant(OspreyPrincipals.acls(settings));
    TopicAdmin.ensureTopics(kafka.superUserClients(), topics.all(), TopicCreation.from(settings));

    // The demo process's own endpoint: /health and /ready of the whole system (the embedded
    // ingest job has no endpoint of its own), the monitor's meters, and the consumer lag of the
    // three groups (read with the super user: the demo owns this broker).
    PrometheusMeterRegistry demoMetrics = MetricsEndpoint.newRegistry();
    MetricsEndpoint demoEndpoint =
        MetricsEndpoint.start(demoMetrics, settings.get(DemoSettings.MONITOR_METRICS_PORT))
            .watch(this);
    started.push(demoEndpoint);
    endpointPorts.put("demo", demoEndpoint.port());
    started.push(
        ConsumerGroupLag.start(
            kafka.superUserClients().admin(),
            List.of(
                settings.get(IngestSettings.CONSUMER_GROUP),
                ScoringConfig.from(settings).applicationId(),
                TrainerConfig.from(settings).consumerGroup()),
            demoMetrics,
            LAG_REFRESH));

    flink =
        EmbeddedFlink.start(
            as(OspreyPrincipals.INGEST, settings),
            dataDir,
            settings.get(DemoSettings.FLINK_PARALLELISM),
            settings.get(DemoSettings.FLINK_METRICS_PORT));
    started.push(flink);

    PrometheusMeterRegistry scoringMetrics = MetricsEndpoint.newRegistry();
    MetricsEndpoint scoringEndpoint =
        MetricsEndpoint.start(scoringMetrics, settings.get(ScoringSettings.METRICS_PORT));
    started.push(scoringEndpoint);
    endpointPorts.put("scoring", scoringEndpoint.port());
    scoring = ScoringService.start(as(OspreyPrincipals.SCORER, settings), scoringMetrics);
    started.push(scoring);
    scoringEndpoint.watch(scoring);

    PrometheusMeterRegistry trainerMetrics = MetricsEndpoint.newRegistry();
    MetricsEndpoint trainerEndpoint =
        MetricsEndpoint.start(trainerMetrics, settings.get(TrainerSettings.METRICS_PORT));
    started.push(trainerEndpoint);
    endpointPorts.put("trainer", trainerEndpoint.port());
    trainer = OnlineTrainer.start(as(OspreyPrincipals.TRAINER, settings), trainerMetrics);
    started.push(trainer);
    trainerEndpoint.watch(trainer.health());

    flink.awaitRunning(READINESS_TIMEOUT);
    // One event clock for the warm-up and the simulator: stamped with the wall clock, the warm-up
    // would be about 12 hours of event time ahead of every simulated payment (SimulatedClock).
    boolean simulating = settings.get(DemoSettings.SIMULATOR_ENABLED);
    SimulatedClock clock =
        simulating ? SimulatedClock.startingNow(SimulatorConfig.from(settings)) : null;
    ReadinessProbe.Live live =
        ReadinessProbe.awaitLive(
            clients(OspreyPrincipals.PRODUCER),
            clients(OspreyPrincipals.MONITOR),
            topics,
            FeatureSpecs.load(settings.get(CommonSettings.FEATURE_SPEC)),
            settings.get(IngestSettings.MATURITY_CLOCK) == IngestSettings.MaturityClock.PROCESSING,
            simulating ? clock::now : System::currentTimeMillis,
            SUSTAINED_PROGRESS,
            READINESS_TIMEOUT);
    if (live.warmupScored()) {
      LOG.info("Warm-up record scored after {} ms: the pipeline is live", live.after().toMillis());
    } else {
      LOG.info(
          "Backlog being scored ({} ms, {} predictions): the pipeline is live",
          live.after().toMillis(),
          live.predictionsSeen());
    }

    // From here on the monitor counts what happens: the warm-up payment is not part of the run.
    if (settings.get(DemoSettings.MONITOR_ENABLED)) {
      monitor = new SystemMonitor(clients(OspreyPrincipals.MONITOR), topics).start();
      started.push(monitor);
      monitor.bindTo(demoMetrics);
    }
    if (settings.get(ConsoleSettings.PORT) >= 0) {
      console =
          Console.start(
              settings,
              clients(OspreyPrincipals.MONITOR),
              clients(OspreyPrincipals.PRODUCER),
              settings.get(DemoSettings.BIND_ADDRESS));
      started.push(console);
    }

    if (simulating) {
      simulator =
          new SimulatorRunner(
                  clients(OspreyPrincipals.PRODUCER), topics, SimulatorConfig.from(settings), clock)
              .start();
      started.push(simulator);
    }
    serving = true;
    LOG.info("Osprey is running; Kafka at {}", bootstrapServers);
  }

  /**
   * {@code settings} for a component that logs in as {@code user}: on a secured broker with that
   * user's credentials, so each component gets only what its ACLs grant.
   */
  private Settings as(String user, Settings settings) {
    return settings.overriddenBy(kafka.clientSettings(user));
  }

  /**
   * Clients of the embedded broker logging in as {@code user} (one of {@link
   * OspreyPrincipals#USERS}); on an unsecured broker, plain clients.
   */
  public KafkaClients clients(String user) {
    return kafka.clients(user);
  }

  /** Clients allowed everything (on an unsecured broker, plain ones): for tests that observe. */
  public KafkaClients superUserClients() {
    return kafka.superUserClients();
  }

  /** Settings for a client of this system that logs in as {@code user} (a CLI, a replay). */
  public Settings clientSettings(String user) {
    return kafka.clientSettings(user);
  }

  /** The passwords of the secured broker's users, or empty when it is not secured. */
  public Optional<Path> kafkaCredentials() {
    return kafka.credentialsFile();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public OspreyTopics topics() {
    return topics;
  }

  /** The outside-in monitor, or null when {@code demo.monitor} is off. */
  public SystemMonitor monitor() {
    return monitor;
  }

  /** The simulator, or null when the demo runs without one. */
  public SimulatorRunner simulator() {
    return simulator;
  }

  /** The model version the scorer serves now (0: the fallback rule). */
  public long servedModelVersion() {
    return scoring.modelVersion();
  }

  /** The served champion's age: event time since its training window ended (ms, -1: none). */
  public long servedModelAgeMillis() {
    return scoring.modelAgeMillis();
  }

  /** Events the served champion has scored since it started serving. */
  public long servedModelAgeEvents() {
    return scoring.modelAgeEvents();
  }

  public long publishedModelVersion() {
    return trainer.latestPublishedVersion().orElse(0);
  }

  /**
   * The ports of this process's endpoints ({@code /metrics}, {@code /health}, {@code /ready}) by
   * component: {@code demo} (the whole system and its monitor), {@code scoring}, {@code trainer}.
   * Flink's own reporter listens on {@code demo.flink.metrics.port}.
   */
  public Map<String, Integer> endpointPorts() {
    return Map.copyOf(endpointPorts);
  }

  /** Drift alerts the trainer's monitor has seen and retrains it published. */
  public OnlineTrainer.DriftCounts driftCounts() {
    return trainer == null ? new OnlineTrainer.DriftCounts(0, 0, null) : trainer.driftCounts();
  }

  /** The console's port, or -1 when it is off ({@code console.port=-1}). */
  public int consolePort() {
    return console == null ? -1 : console.port();
  }

  /** Failed once any component has stopped working (see {@link #problem()}). */
  @Override
  public Optional<String> failure() {
    return scoring == null || trainer == null || flink == null ? Optional.empty() : problem();
  }

  /**
   * Ready once everything started and the warm-up proved the pipeline live, and then while the
   * ingest job runs, the scorer is ready (assigned, restored, serving a model) and the trainer is
   * ready (models read, partitions assigned).
   */
  @Override
  public Optional<String> notReady() {
    if (!serving) {
      return Optional.of("starting");
    }
    return flink
        .notRunning()
        .or(() -> scoring.notReady().map(reason -> "scorer: " + reason))
        .or(() -> trainer.health().notReady().map(reason -> "trainer: " + reason));
  }

  /** Why a component has stopped working, or empty while all run. */
  public Optional<String> problem() {
    if (scoring.state() == KafkaStreams.State.ERROR
        || scoring.state() == KafkaStreams.State.NOT_RUNNING) {
      return Optional.of("the scorer (Kafka Streams) is " + scoring.state());
    }
    if (trainer.failure().isPresent()) {
      return Optional.of("the trainer failed: " + trainer.failure().get());
    }
    return flink.problem();
  }

  /** Stops everything that started, newest first; safe to call more than once. */
  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
