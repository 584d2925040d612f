package io.osprey.system.cluster;

import io.osprey.platform.kafka.BrokerSecurity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The cluster's Kafka: {@code brokers} KRaft nodes, each broker and controller in one process
 * ({@code kafka.Kafka}, Kafka's own main, from the kafka_2.13 jar the launcher already carries),
 * with a static controller quorum of all of them. Topics are written as production ones are: three
 * replicas, {@code min.insync.replicas} 2, so that one node can be lost without losing an
 * acknowledged record or refusing a write. Listeners bind the loopback interface only.
 */
final class KafkaNodes {
  static final int REPLICATION = 3;
  static final int MIN_INSYNC_REPLICAS = 2;
  private static final String CONTROLLER = "CONTROLLER";

  private final ClusterLayout layout;
  private final String classpath;
  private final Optional<BrokerSecurity> security;

  KafkaNodes(ClusterLayout layout, String classpath, Optional<BrokerSecurity> security) {
    this.layout = layout;
    this.classpath = classpath;
    this.security = security;
  }

  static String name(int node) {
    return "kafka-" + node;
  }

  List<String> names() {
    List<String> names = new ArrayList<>();
    for (int node = 1; node <= layout.brokers(); node++) {
      names.add(name(node));
    }
    return names;
  }

  /** The process of {@code node}: its properties written and its storage formatted if new. */
  ProcessSpec spec(int node, Path log4jConfig) throws IOException {
    Path config = layout.confDir().resolve(name(node) + ".properties");
    Files.createDirectories(config.getParent());
    Properties props = properties(node);
    try (Writer out = Files.newBufferedWriter(config)) {
      props.store(out, "KRaft node " + node + " of the local Osprey cluster");
    }
    formatIfNew(node);
    return ProcessSpec.java(
        name(node),
        layout.dir(),
        List.of(
            "-Xms128m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlog4j2.configurationFile=" + log4jConfig),
        classpath,
        "kafka.Kafka",
        List.of(config.toString()),
        Map.of());
  }

  private Properties properties(int node) {
    String host = ClusterProcesses.LOOPBACK;
    List<String> voters = new ArrayList<>();
    for (int other = 1; other <= layout.brokers(); other++) {
      voters.add(other + "@" + host + ":" + layout.controllerPort(other));
    }
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(node));
    props.put("controller.quorum.voters", String.join(",", voters));
    props.put(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + layout.kafkaPort(node)
            + ","
            + CONTROLLER
            + "://"
            + host
            + ":"
            + layout.controllerPort(node));
    props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + layout.kafkaPort(node));
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir(node).toString());
    security.ifPresent(s -> s.secure(props, layout.kafkaPort(node), layout.controllerPort(node)));
    String replicas = String.valueOf(REPLICATION);
    String minIsr = String.valueOf(MIN_INSYNC_REPLICAS);
    props.put("default.replication.factor", replicas);
    props.put("min.insync.replicas", minIsr);
    props.put("offsets.topic.replication.factor", replicas);
    props.put("offsets.topic.num.partitions", "8");
    props.put("transaction.state.log.replication.factor", replicas);
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("transaction.state.log.num.partitions", "8");
    props.put("share.coordinator.state.topic.replication.factor", replicas);
    props.put("share.coordinator.state.topic.min.isr", minIsr);
    props.put("unclean.leader.election.enable", "false");
    props.put("auto.create.topics.enable", "false");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "4");
    // Ten JVMs share the machine: the thread defaults (8 I/O, 3 network) buy nothing at these
    // rates.
    props.put("num.io.threads", "2");
    props.put("num.network.threads", "2");
    props.put("background.threads", "2");
    props.put("num.replica.fetchers", "1");
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return props;
  }

  private Path logDir(int node) {
    return layout.dataDir(name(node));
  }

  /** Formats the node's storage once, with the cluster id every node shares. */
  private void formatIfNew(int node) throws IOException {
    Path dir = logDir(node);
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          // SCRAM credentials live in the cluster metadata, bootstrapped at format time.
          .setScramArguments(security.map(BrokerSecurity::scramArguments).orElse(List.of()))
          .setClusterId(layout.kafkaClusterId())
          .setNodeId(node)
          .setDirectories(Set.of(dir.toString()))
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName(CONTROLLER)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .run();
    } catch (Exception e) {
      throw new IOException("cannot format " + dir + ": " + e.getMessage(), e);
    }
  }
}
