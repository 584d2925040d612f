package io.osprey.platform.config;

import io.osprey.schema.codec.WireFormat;
import io.osprey.schema.topic.OspreyTopics;

/** Keys every Osprey process reads. */
public final class CommonSettings {
  public static final Setting<String> BOOTSTRAP_SERVERS =
      Setting.text("kafka.bootstrap.servers", "Kafka brokers to connect to.", "localhost:9092");

  public static final Setting<String> TOPIC_PREFIX =
      Setting.text("topics.prefix", "Prefix in front of every Osprey topic name.", "");

  public static final Setting<Integer> TOPIC_PARTITIONS =
      Setting.integer(
          "topics.partitions", "Partitions of the topics Osprey creates.", 4, 1, 10_000);

  /**
   * 0 leaves the choice to the cluster, which is right for the one-node demo (1) and for a cluster
   * whose operator set {@code default.replication.factor} (3 in deploy/cluster); a value the
   * cluster would reject or could not write to is refused before anything is created.
   */
  public static final Setting<Integer> TOPIC_REPLICATION_FACTOR =
      Setting.integer(
          "topics.replication.factor",
          "Replicas of each topic Osprey creates; 0 takes the brokers' default.replication.factor."
              + " Refused when above the number of brokers or below min.insync.replicas.",
          0,
          0,
          Short.MAX_VALUE);

  public static final Setting<Boolean> TOPIC_CREATE =
      Setting.flag(
          "topics.create",
          "Create missing topics at start; false where KafkaTopic resources own them"
              + " (deploy/cluster): a missing topic is then an error.",
          true);

  public static final Setting<WireFormat> PREDICTION_FORMAT =
      Setting.choice(
          "predictions.format",
          "How predictions are written: JSON for any client, AVRO for compactness.",
          WireFormat.class,
          WireFormat.JSON);

  /**
   * The feature spec every component works to: ingest computes it, the trainer names its features
   * and stamps its hash on models, the scorer accepts vectors of its hash. A file path, or {@code
   * builtin:NAME} for a spec shipped with Osprey.
   */
  public static final Setting<String> FEATURE_SPEC =
      Setting.text(
          "features.spec",
          "Feature spec file (YAML or JSON), or builtin:payments for the default payment features.",
          "builtin:payments");

  public static final Setting<String> METRICS_BIND_ADDRESS =
      Setting.text(
          "metrics.bind.address",
          "Address the Prometheus endpoints listen on; 0.0.0.0 in containers.",
          "localhost");

  private CommonSettings() {}

  /** The topics named by these settings. */
  public static OspreyTopics topics(Settings settings) {
    return OspreyTopics.withPrefix(settings.get(TOPIC_PREFIX), settings.get(PREDICTION_FORMAT));
  }
}
