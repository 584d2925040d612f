package io.osprey.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
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
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path logDir;
  private final boolean temporary;

  private EmbeddedKafka(
      KafkaRaftServer server, String bootstrapServers, Path logDir, boolean temporary) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
    this.temporary = temporary;
  }

  /**
   * Starts a broker.
   *
   * @param logDir where the broker keeps its data; created and formatted if new
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafka start(Path logDir, int port) {
    return start(logDir, port, false);
  }

  private static EmbeddedKafka start(Path logDir, int port, boolean temporary) {
    try {
      Files.createDirectories(logDir);
      int brokerPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      formatIfNew(logDir);
      KafkaConfig config =
          new KafkaConfig(brokerProperties(logDir, brokerPort, controllerPort), false);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      String bootstrap = "localhost:" + brokerPort;
      try {
        server.startup();
        awaitReady(bootstrap, Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        // Do not leave a half-started broker holding ports, threads and the log-directory lock.
        server.shutdown();
        server.awaitShutdown();
        throw e;
      }
      LOG.info("Embedded Kafka broker (KRaft) listening on {} with data in {}", bootstrap, logDir);
      return new EmbeddedKafka(server, bootstrap, logDir, temporary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + logDir, e);
    }
  }

  /** A broker in a fresh temporary directory, on a free port, deleted on close: for tests. */
  public static EmbeddedKafka startTemporary() {
    try {
      return start(Files.createTempDirectory("osprey-kafka-"), 0, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
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
    props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
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

  private static void formatIfNew(Path logDir) throws IOException {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
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

  private static void awaitReady(String bootstrap, Duration timeout) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("embedded broker did not become ready on " + bootstrap, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
