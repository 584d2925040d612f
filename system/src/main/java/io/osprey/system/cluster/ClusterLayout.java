package io.osprey.system.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Where the local cluster lives and listens: {@code logs/<process>.log}, {@code run/<process>.pid},
 * {@code data/<process>/}, {@code conf/}, and the ports and Kafka cluster id chosen on the first
 * {@code up} (free ones, so that a shared machine's taken ports do not matter), kept in {@code
 * cluster.properties} so that every later {@code up}, {@code status}, {@code down} and restart
 * finds the same cluster again.
 */
public final class ClusterLayout {
  static final String FILE = "cluster.properties";

  private final Path dir;
  private final Properties ports;

  private ClusterLayout(Path dir, Properties ports) {
    this.dir = dir;
    this.ports = ports;
  }

  /** The layout in {@code dir}, created with free ports when there is none yet. */
  public static ClusterLayout openOrCreate(Path dir, int brokers, int scorers, boolean secured)
      throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      ClusterLayout existing = open(dir);
      if (existing.secured() != secured) {
        throw new IllegalArgumentException(
            "the cluster in "
                + dir
                + (existing.secured() ? " is" : " is not")
                + " secured; "
                + ClusterSettings.KAFKA_SECURED.key()
                + " is fixed at the first 'up' (delete the directory to change it)");
      }
      return existing;
    }
    Files.createDirectories(dir);
    Properties chosen = new Properties();
    chosen.setProperty("kafka.cluster.id", newKafkaClusterId());
    chosen.setProperty("kafka.brokers", String.valueOf(brokers));
    chosen.setProperty("scorers", String.valueOf(scorers));
    chosen.setProperty("kafka.secured", String.valueOf(secured));
    for (int node = 1; node <= brokers; node++) {
      chosen.setProperty("kafka." + node + ".port", String.valueOf(freePort()));
      chosen.setProperty("kafka." + node + ".controller.port", String.valueOf(freePort()));
    }
    chosen.setProperty("flink.rest.port", String.valueOf(freePort()));
    chosen.setProperty("flink.rpc.port", String.valueOf(freePort()));
    for (int scorer = 1; scorer <= scorers; scorer++) {
      chosen.setProperty("scorer." + scorer + ".metrics.port", String.valueOf(freePort()));
      chosen.setProperty("scorer." + scorer + ".http.port", String.valueOf(freePort()));
    }
    chosen.setProperty("trainer.metrics.port", String.valueOf(freePort()));
    try (Writer out = Files.newBufferedWriter(file)) {
      chosen.store(
          out, "ports and ids of the local Osprey cluster (delete the directory to reset)");
    }
    return new ClusterLayout(dir, chosen);
  }

  /**
   * The layout of an existing cluster.
   *
   * @throws IllegalArgumentException when {@code dir} holds none ({@code cluster up} never ran)
   */
  public static ClusterLayout open(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("no cluster in " + dir + ": run './osprey cluster up'");
    }
    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      read.load(in);
    }
    return new ClusterLayout(dir, read);
  }

  /** A KRaft cluster id: 16 random bytes, base64url without padding, as kafka-storage makes. */
  private static String newKafkaClusterId() {
    UUID uuid = UUID.randomUUID();
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private int port(String key) {
    String value = ports.getProperty(key);
    if (value == null) {
      throw new IllegalStateException(dir.resolve(FILE) + " has no " + key);
    }
    return Integer.parseInt(value);
  }

  public Path dir() {
    return dir;
  }

  public Path logFile(String process) {
    return dir.resolve("logs").resolve(process + ".log");
  }

  public Path pidFile(String process) {
    return dir.resolve("run").resolve(process + ".pid");
  }

  /** The process's own data directory (created on demand). */
  public Path dataDir(String process) {
    Path data = dir.resolve("data").resolve(process);
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return data;
  }

  public Path confDir() {
    return dir.resolve("conf");
  }

  public String kafkaClusterId() {
    return ports.getProperty("kafka.cluster.id");
  }

  /** Whether the brokers authenticate with SASL/SCRAM and authorise with ACLs. */
  public boolean secured() {
    return Boolean.parseBoolean(ports.getProperty("kafka.secured", "false"));
  }

  public int brokers() {
    return port("kafka.brokers");
  }

  public int scorers() {
    return port("scorers");
  }

  public int kafkaPort(int node) {
    return port("kafka." + node + ".port");
  }

  public int controllerPort(int node) {
    return port("kafka." + node + ".controller.port");
  }

  /** Every broker's client listener, as clients list them. */
  public String bootstrapServers() {
    List<String> servers = new ArrayList<>();
    for (int node = 1; node <= brokers(); node++) {
      servers.add(ClusterProcesses.LOOPBACK + ":" + kafkaPort(node));
    }
    return String.join(",", servers);
  }

  public int flinkRestPort() {
    return port("flink.rest.port");
  }

  public int flinkRpcPort() {
    return port("flink.rpc.port");
  }

  public int scorerMetricsPort(int scorer) {
    return port("scorer." + scorer + ".metrics.port");
  }

  public int scorerHttpPort(int scorer) {
    return port("scorer." + scorer + ".http.port");
  }

  public int trainerMetricsPort() {
    return port("trainer.metrics.port");
  }
}
