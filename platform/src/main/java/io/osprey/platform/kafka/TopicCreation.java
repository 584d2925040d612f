package io.osprey.platform.kafka;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;

/**
 * How a component treats topics that are missing when it starts: create them with these partitions
 * and this replication factor, or (on a cluster where KafkaTopic resources own the topics) refuse
 * to start until they exist.
 *
 * @param create false to never create a topic
 * @param partitions partitions of each created topic
 * @param replicationFactor replicas of each created topic; 0 for the brokers' default
 */
public record TopicCreation(boolean create, int partitions, int replicationFactor) {
  public TopicCreation {
    if (partitions < 1 || replicationFactor < 0) {
      throw new IllegalArgumentException(
          "partitions must be positive and the replication factor not negative");
    }
  }

  public static TopicCreation from(Settings settings) {
    return new TopicCreation(
        settings.get(CommonSettings.TOPIC_CREATE),
        settings.get(CommonSettings.TOPIC_PARTITIONS),
        settings.get(CommonSettings.TOPIC_REPLICATION_FACTOR));
  }

  /** Creates missing topics with {@code partitions} each, replicated as the brokers default. */
  public static TopicCreation withPartitions(int partitions) {
    return new TopicCreation(true, partitions, 0);
  }
}
