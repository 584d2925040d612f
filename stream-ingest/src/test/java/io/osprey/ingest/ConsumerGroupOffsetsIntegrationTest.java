package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka-wired job commits what its sources have read to its consumer group after completed
 * checkpoints, so that a job started without a savepoint resumes where the group left off ({@link
 * IngestSettings#CONSUMER_GROUP}) instead of reading both topics again from the start.
 *
 * <p>The connector makes each commit only when its fetcher's current poll returns, up to 10 s after
 * the checkpoint on a caught-up partition, and drops commits still queued when the job stops
 * (README, "Consumer group offsets"). So each phase waits for the group's offsets while its job
 * still runs.
 */
class ConsumerGroupOffsetsIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final String PREFIX = "offsets.";
  private static final String GROUP = PREFIX + "ingest";
  private static final int PAYMENTS = 10;

  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void completedCheckpointsCommitWhatWasReadAndAFreshJobResumesThere() throws Exception {
    OspreyTopics topics = OspreyTopics.withPrefix(PREFIX);
    String bootstrap = kafka.bootstrapServers();
    TopicAdmin.ensureTopics(bootstrap, topics.all(), PARALLELISM);
    long now = System.currentTimeMillis();
    // Ten cards and ten event ids as keys: records on both partitions of both input topics.
    KafkaTestSupport.send(
        bootstrap,
        topics.transactions(),
        IntStream.range(0, PAYMENTS).mapToObj(i -> payment("tx-" + i, "card-" + i, now)).toList());
    KafkaTestSupport.send(
        bootstrap,
        topics.labels(),
        IntStream.range(0, PAYMENTS).mapToObj(i -> label("tx-" + i, now)).toList());

    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, Long> sent = endOffsets(admin, topics.transactions(), topics.labels());
      JobClient first = start();
      try {
        JobMetrics.await(() -> assertThat(committedOffsets(admin)).isEqualTo(sent));
      } finally {
        first.cancel().get();
      }

      // A new job of the same group, without a savepoint, reads only the payment sent since. It is
      // sent before the job starts, so a job starting at the latest offsets would read nothing and
      // one starting at the earliest would read all eleven: only the group's offsets give one.
      KafkaTestSupport.send(
          bootstrap, topics.transactions(), List.of(payment("tx-new", "card-new", now)));
      Map<TopicPartition, Long> sentSince =
          endOffsets(admin, topics.transactions(), topics.labels());
      JobClient second = start();
      try {
        // Once its own checkpoint has committed everything, the second job has read all it will.
        JobMetrics.await(() -> assertThat(committedOffsets(admin)).isEqualTo(sentSince));
        assertThat(METRICS.count(second.getJobID(), "parse-transactions", "recordsIn"))
            .isEqualTo(1);
      } finally {
        second.cancel().get();
      }
    }
  }

  private static JobClient start() throws Exception {
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(IngestSettings.CONSUMER_GROUP, GROUP)
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofMillis(500))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    IngestWiring.kafka(settings).buildOn(env);
    return env.executeAsync("ingest");
  }

  /** The group's committed offset of every partition it has one for. */
  private static Map<TopicPartition, Long> committedOffsets(Admin admin) throws Exception {
    return admin
        .listConsumerGroupOffsets(GROUP)
        .partitionsToOffsetAndMetadata()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /** The next offset to be written on every partition of {@code topics}. */
  private static Map<TopicPartition, Long> endOffsets(Admin admin, Topic<?, ?>... topics)
      throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      IntStream.range(0, PARALLELISM)
          .forEach(p -> partitions.add(new TopicPartition(topic.name(), p)));
    }
    return admin
        .listOffsets(
            partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
        .all()
        .get()
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static Map.Entry<String, byte[]> payment(String id, String card, long now) {
    return Map.entry(card, transactionJson(id, card, 10, now).getBytes(StandardCharsets.UTF_8));
  }

  private static Map.Entry<String, byte[]> label(String id, long now) {
    return Map.entry(id, labelJson(id, false, now).getBytes(StandardCharsets.UTF_8));
  }
}
