package io.osprey.trainer;

import static io.osprey.platform.testing.KafkaTestSupport.RECORD_DEADLINE;
import static org.awaitility.Awaitility.await;

import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.schema.topic.OspreyTopics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates topics and waits until every partition has a leader: a producer that writes to a topic
 * the moment it is created can meet a leader change and, on the embedded broker, an out-of-order
 * sequence error it retries forever.
 */
final class TopicsReady {
  private TopicsReady() {}

  static void ensure(String bootstrap, OspreyTopics topics, int partitions) {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), partitions);
    List<String> names = topics.all().stream().map(t -> t.name()).toList();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      await()
          .atMost(RECORD_DEADLINE)
          .ignoreExceptions()
          .until(
              () ->
                  admin.describeTopics(names).allTopicNames().get().values().stream()
                      .map(TopicDescription::partitions)
                      .allMatch(
                          list ->
                              list.size() == partitions
                                  && list.stream().allMatch(p -> p.leader() != null)));
    }
  }
}
