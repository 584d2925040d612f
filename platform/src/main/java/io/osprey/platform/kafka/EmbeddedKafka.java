package io.osprey.platform.kafka;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one server), running in
 * this JVM. The demo and the integration tests use it; nothing about it is mocked.
 *
 * <p>The log directory is formatted on first use and reused afterwards, so a demo that is stopped
 * and started again keeps its topics, offsets and models.
 *
 * <p>{@link #startSecured} runs it the way a production cluster should run: clients authenticate
 * with SASL/SCRAM-SHA-256, and the {@code StandardAuthorizer} allows only what ACLs grant (see
 * {@link BrokerSecurity}). Listeners bind the loopback interface in both modes.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String LOOPBACK = "127.0.0.1";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path logDir;
  private final boolean temporary;
  private final Optional<BrokerSecurity> security;

  private EmbeddedKafka(
      KafkaRaftServer server,
      String bootstrapServers,
      Path logDir,
      boolean temporary,
      Optional<BrokerSecurity> security) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
    this.temporary = temporary;
    this.security = security;
  }

  /**
   * Starts a broker.
   *
   * @param logDir where the broker keeps its data; created and formatted if new
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafka start(Path logDir, int port) {
    return start(logDir, port, false, Optional.empty());
  }

  /**
   * Starts a broker that authenticates every client with SASL/SCRAM and authorises with ACLs: one
   * SCRAM user per name of {@code users} plus the super user {@value BrokerSecurity#SUPER_USER},
   * created when the log directory is formatted. Grant the users their ACLs with {@link #grant}
   * before they connect.
   *
   * @throws IllegalStateException when {@code logDir} holds a broker formatted without security
   */
  public static EmbeddedKafka startSecured(Path logDir, int port, Collection<String> users) {
    try {
      Files.createDirectories(logDir);
      return start(logDir, port, false, Optional.of(BrokerSecurity.load(logDir, users)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + logDir, e);
    }
  }

  private static EmbeddedKafka start(
      Path logDir, int port, boolean temporary, Optional<BrokerSecurity> security) {
    try {
      Files.createDirectories(logDir);
      int brokerPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      formatIfNew(logDir, security);
      Properties props = brokerProperties(logDir, brokerPort, controllerPort);
      security.ifPresent(s -> s.secure(props, brokerPort, controllerPort));
      KafkaConfig config = new KafkaConfig(props, false);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      String bootstrap = LOOPBACK + ":" + brokerPort;
      KafkaClients admin =
          security
              .map(s -> s.clients(bootstrap, BrokerSecurity.SUPER_USER))
              .orElse(KafkaClients.plaintext(bootstrap));
      try {
        server.startup();
        awaitReady(admin, Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        // Do not leave a half-started broker holding ports, threads and the log-directory lock.
        server.shutdown();
        server.awaitShutdown();
        throw e;
      }
      LOG.info(
          "Embedded Kafka broker (KRaft) listening on {} ({}) with data in {}",
          bootstrap,
          security.isPresent() ? "SASL/SCRAM and ACLs" : "unsecured",
          logDir);
      return new EmbeddedKafka(server, bootstrap, logDir, temporary, security);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + logDir, e);
    }
  }

  /** A broker in a fresh temporary directory, on a free port, deleted on close: for tests. */
  public static EmbeddedKafka startTemporary() {
    try {
      return start(Files.createTempDirectory("osprey-kafka-"), 0, true, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #startSecured}, in a temporary directory on a free port: for tests. */
  public static EmbeddedKafka startTemporarySecured(Collection<String> users) {
    try {
      Path dir = Files.createTempDirectory("osprey-kafka-");
      return start(dir, 0, true, Optional.of(BrokerSecurity.load(dir, users)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public boolean secured() {
    return security.isPresent();
  }

  /** Where a secured broker keeps its users' passwords (readable by the owner only). */
  public Optional<Path> credentialsFile() {
    return security.map(s -> logDir.resolve(BrokerSecurity.CREDENTIALS_FILE));
  }

  /**
   * The settings a client logging in as {@code user} needs: the bootstrap servers and, on a secured
   * broker, SASL/SCRAM with that user's password. Unsecured, the user is ignored.
   *
   * @throws IllegalArgumentException for a user this broker has no credentials for
   */
  public Settings clientSettings(String user) {
    Settings bootstrap = Settings.empty().with(CommonSettings.BOOTSTRAP_SERVERS, bootstrapServers);
    return security.map(s -> bootstrap.overriddenBy(s.settings(user))).orElse(bootstrap);
  }

  /** Clients logging in as {@code user} (see {@link #clientSettings}). */
  public KafkaClients clients(String user) {
    return KafkaClients.from(clientSettings(user));
  }

  /** Clients logging in as the super user, who may do anything (create topics, grant ACLs). */
  public KafkaClients superUserClients() {
    return clients(BrokerSecurity.SUPER_USER);
  }

  /**
   * Grants {@code acls} (idempotent: a binding that exists already is left as it is). Nothing to do
   * on an unsecured broker, which allows everything.
   */
  public void grant(Collection<AclBinding> acls) {
    if (security.isEmpty() || acls.isEmpty()) {
      return;
    }
    try (Admin admin = Admin.create(superUserClients().admin())) {
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot grant ACLs on the embedded broker", e);
    }
  }

  public Path logDir() {
    return logDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers);
    if (temporary) {
      deleteQuietly(logDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }

  private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
    // Both listeners on the loopback address: the broker is for this machine only.
    props.put(
        "listeners",
        "PLAINTEXT://"
            + LOOPBACK
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + LOOPBACK
            + ":"
            + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "1");
    // Sized for a laptop that also runs Flink, Kafka Streams and DL4J: the defaults (8 I/O and 3
    // network threads) cost measurable CPU on 2 cores for no gain at demo rates.
    props.put("num.io.threads", "2");
    props.put("num.network.threads", "2");
    props.put("background.threads", "2");
    // Small segments keep compaction of the models topic visible on a laptop.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return props;
  }

  private static void formatIfNew(Path logDir, Optional<BrokerSecurity> security)
      throws IOException {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          // SCRAM credentials live in the cluster metadata; bootstrapping them at format time is
          // the only way the first client (the super user granting ACLs) can log in at all.
          .setScramArguments(security.map(BrokerSecurity::scramArguments).orElse(List.of()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(NODE_ID)
          .setDirectories(Set.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .run();
    } catch (Exception e) {
      throw new IOException("cannot format " + logDir + ": " + e.getMessage(), e);
    }
  }

  private static void awaitReady(KafkaClients clients, Duration timeout) {
    Map<String, Object> config = clients.admin();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("embedded broker did not become ready on " + clients, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
