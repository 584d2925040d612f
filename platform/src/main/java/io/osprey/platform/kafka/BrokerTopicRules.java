package io.osprey.platform.kafka;

import io.osprey.platform.config.CommonSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What a cluster accepts for the replication of a new topic: no more replicas than brokers, and
 * (for a topic that producers with {@code acks=all} can write, as all of Osprey's do) no fewer than
 * {@code min.insync.replicas}. Decided before creating anything, so that a wrong setting is one
 * message naming it, not a topic that accepts no writes.
 *
 * @param brokers brokers in the cluster
 * @param defaultReplicationFactor the brokers' {@code default.replication.factor}
 * @param minInsyncReplicas the brokers' {@code min.insync.replicas}
 */
public record BrokerTopicRules(int brokers, int defaultReplicationFactor, int minInsyncReplicas) {
  static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
  static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

  /** Reads the rules from one broker's configuration (they are cluster-wide in practice). */
  static BrokerTopicRules read(Admin admin) throws InterruptedException, ExecutionException {
    List<Node> nodes = List.copyOf(admin.describeCluster().nodes().get());
    ConfigResource broker =
        new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(nodes.get(0).id()));
    Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(broker)).all().get();
    Config config = configs.get(broker);
    return new BrokerTopicRules(
        nodes.size(),
        intValue(config, DEFAULT_REPLICATION_FACTOR),
        intValue(config, MIN_INSYNC_REPLICAS));
  }

  private static int intValue(Config config, String name) {
    ConfigEntry entry = config.get(name);
    if (entry == null || entry.value() == null) {
      throw new IllegalStateException("the broker does not report " + name);
    }
    return Integer.parseInt(entry.value());
  }

  /**
   * The replication factor to create topics with.
   *
   * @param requested the value of {@code topics.replication.factor}; 0 for the brokers' default
   * @throws IllegalStateException naming the setting when the cluster would reject the factor or
   *     refuse every {@code acks=all} write to the topic
   */
  public short replicationFactorFor(int requested) {
    String key = CommonSettings.TOPIC_REPLICATION_FACTOR.key();
    int factor = requested > 0 ? requested : defaultReplicationFactor;
    String stated =
        requested > 0
            ? key + "=" + requested
            : key + "=0 (the brokers' " + DEFAULT_REPLICATION_FACTOR + "=" + factor + ")";
    if (factor > brokers) {
      throw new IllegalStateException(
          stated
              + " asks for more replicas than the cluster's "
              + brokers
              + " broker(s): set "
              + key
              + " to at most "
              + brokers);
    }
    if (factor < minInsyncReplicas) {
      throw new IllegalStateException(
          stated
              + " is below the cluster's "
              + MIN_INSYNC_REPLICAS
              + "="
              + minInsyncReplicas
              + ", so no acks=all write could succeed: set "
              + key
              + " to at least "
              + minInsyncReplicas
              + ", or create the topics with their KafkaTopic resources"
              + " (deploy/cluster/kafka/topics.yaml) and set "
              + CommonSettings.TOPIC_CREATE.key()
              + "=false");
    }
    return (short) factor;
  }
}
