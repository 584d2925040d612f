package io.osprey.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * ACLs of one SCRAM user, written as what the user does: reads a topic, writes a topic, is in a
 * consumer group, runs transactions. Each grant carries the operations Kafka checks for it
 * (describe with read and write, so that metadata and offsets can be fetched), and nothing more.
 */
public final class KafkaAcls {
  private final String principal;
  private final List<AclBinding> bindings = new ArrayList<>();

  private KafkaAcls(String user) {
    this.principal = "User:" + user;
  }

  public static KafkaAcls forUser(String user) {
    return new KafkaAcls(user);
  }

  public KafkaAcls reads(String... topics) {
    for (String topic : topics) {
      allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
      allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE);
    }
    return this;
  }

  public KafkaAcls writes(String... topics) {
    for (String topic : topics) {
      allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
      allow(ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE);
    }
    return this;
  }

  /** Everything on the topics whose names start with {@code prefix} (Kafka Streams' own). */
  public KafkaAcls ownsTopicsStartingWith(String prefix) {
    allow(ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.ALL);
    return this;
  }

  /** Joins and commits offsets in the consumer groups whose ids start with {@code prefix}. */
  public KafkaAcls consumesInGroupsStartingWith(String prefix) {
    allow(ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.READ);
    allow(ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE);
    return this;
  }

  /** Runs transactions under the transactional ids that start with {@code prefix}. */
  public KafkaAcls transactsAs(String prefix) {
    allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE);
    allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE);
    return this;
  }

  /** Sends with an idempotent producer (outside transactions). */
  public KafkaAcls writesIdempotently() {
    allow(
        ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE);
    return this;
  }

  public List<AclBinding> bindings() {
    return List.copyOf(bindings);
  }

  private void allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
    bindings.add(
        new AclBinding(
            new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
  }
}
