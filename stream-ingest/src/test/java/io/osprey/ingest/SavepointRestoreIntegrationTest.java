package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.ingest.IngestSettings.StateBackend;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka-wired job on the RocksDB state backend (state TTL on), stopped with a savepoint and
 * started again from it, as an upgrade on a cluster would: every kind of keyed state survives,
 * because every stateful operator is pinned by its uid. After the restart a repeated event id is
 * still a counted duplicate (dedupe), a card's new payment still sees its earlier ones (features),
 * a label for an event scored before the savepoint still yields an example with that exact vector
 * (label join), and no event is read again (the source's offsets).
 */
class SavepointRestoreIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final String PREFIX = "sp.";

  /**
   * Long enough that the example of the last payment scored before the savepoint is still maturing
   * when its label arrives after the restart (a stop, a savepoint and a start take a few seconds).
   * Were the label later, it would still meet the kept vector as a correction.
   */
  private static final Duration MATURITY = Duration.ofSeconds(20);

  private static final List<String> FEATURES = FeatureLayout.PAYMENTS.names();

  /** Keeps every metric of both jobs, so the test can read the counters of the restored one. */
  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK = METRICS.miniCluster(rocksDbKeyCounts(), PARALLELISM);

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  /** A payment as sent; its key is its card. */
  private record Payment(String id, String card, double amount, String country, long eventTime) {
    Map.Entry<String, byte[]> record() {
      String json = transactionJson(id, card, amount, country, "POS", "5411", eventTime);
      return Map.entry(card, json.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aJobRestartedFromItsSavepointKeepsDedupeFeatureAndLabelState(@TempDir Path savepoints)
      throws Exception {
    OspreyTopics topics = OspreyTopics.withPrefix(PREFIX);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
    String bootstrap = kafka.bootstrapServers();
    long now = System.currentTimeMillis();

    // Phase 1: card-1 pays three times within the hour, two other cards once each.
    List<Payment> before =
        List.of(
            new Payment("tx-1", "card-1", 10, "NL", now - 3 * MINUTE),
            new Payment("tx-2", "card-1", 20, "NL", now - 2 * MINUTE),
            new Payment("tx-3", "card-1", 30, "NL", now - MINUTE),
            new Payment("tx-4", "card-2", 5, "NL", now - 2 * MINUTE),
            new Payment("tx-5", "card-3", 7, "NL", now - MINUTE));
    Payment labelled = before.get(2);
    Payment repeated = before.get(1);

    JobClient first = start(settings(PREFIX + "ingest"), null);
    Map<String, FeatureVector> scoredBefore;
    String savepoint;
    try {
      KafkaTestSupport.send(bootstrap, topics.transactions(), records(before));
      scoredBefore =
          KafkaTestSupport.readAtLeast(bootstrap, topics.features(), before.size()).stream()
              .map(ConsumerRecord::value)
              .collect(Collectors.toMap(FeatureVector::getEventId, Function.identity()));
      assertThat(scoredBefore).containsOnlyKeys(before.stream().map(Payment::id).toList());
    } finally {
      // A savepoint also when an assertion failed, so the job is never left running.
      savepoint =
          first
              .stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
    }

    // Phase 2: a new job from the savepoint. Its consumer group is new, so where it starts reading
    // can only come from the savepoint (without it, the group would start at the earliest offset
    // and read phase 1 again).
    JobClient second = start(settings(PREFIX + "ingest-restored"), savepoint);
    try {
      Payment next = new Payment("tx-6", "card-1", 40, "DE", now);
      KafkaTestSupport.send(bootstrap, topics.transactions(), records(List.of(next, repeated)));
      KafkaTestSupport.send(
          bootstrap,
          topics.labels(),
          List.of(
              Map.entry(
                  labelled.id(),
                  labelJson(labelled.id(), true, now).getBytes(StandardCharsets.UTF_8))));

      // Feature state: card-1's new payment sees its three earlier ones (all within the hour), and
      // that the previous one was in another country.
      List<Payment> earlier = before.stream().filter(p -> p.card().equals(next.card())).toList();
      FeatureVector nextVector =
          KafkaTestSupport.readUntil(
                  bootstrap,
                  topics.features(),
                  read -> read.stream().anyMatch(r -> r.value().getEventId().equals(next.id())),
                  KafkaTestSupport.RECORD_DEADLINE)
              .stream()
              .map(ConsumerRecord::value)
              .filter(v -> v.getEventId().equals(next.id()))
              .findFirst()
              .orElseThrow();
      assertThat(feature(nextVector, "count_1h")).isEqualTo((double) earlier.size());
      assertThat(feature(nextVector, "sum_1h_log"))
          .isCloseTo(Math.log1p(earlier.stream().mapToDouble(Payment::amount).sum()), within(1e-9));
      assertThat(feature(nextVector, "country_changed")).isEqualTo(1.0);

      // Label-join state: the label of a payment scored before the savepoint yields an example
      // with the very vector scored then (same values, same feature time).
      TrainingExample example =
          KafkaTestSupport.readUntil(
                  bootstrap,
                  topics.trainingExamples(),
                  read ->
                      read.stream()
                          .anyMatch(
                              r ->
                                  r.value().getFeatures().getEventId().equals(labelled.id())
                                      && r.value().getFraud()),
                  KafkaTestSupport.RECORD_DEADLINE)
              .stream()
              .map(ConsumerRecord::value)
              .filter(e -> e.getFeatures().getEventId().equals(labelled.id()) && e.getFraud())
              .findFirst()
              .orElseThrow();
      assertThat(example.getFeatures()).isEqualTo(scoredBefore.get(labelled.id()));
      assertThat(example.getLabelTime()).isEqualTo(now);

      // Dedupe state and offsets, once the restored job is quiet (its label has matured): it read
      // only what was sent after the restart, counted the repeated payment as a duplicate, and
      // scored only the new one.
      JobID restored = second.getJobID();
      JobMetrics.await(
          () -> {
            assertThat(METRICS.count(restored, "parse-transactions", "recordsIn")).isEqualTo(2);
            assertThat(METRICS.count(restored, "dedupe", "duplicates")).isEqualTo(1);
            assertThat(METRICS.count(restored, "entity-features", "featuresOut")).isEqualTo(1);
            assertThat(METRICS.count(restored, "label-join", "labelsApplied")).isEqualTo(1);
            // On RocksDB indeed, TTL'd feature histories included (RocksDB's own metric).
            assertThat(METRICS.identifiers(restored, ".*entity-features.*recent-.*rocksdb.*"))
                .isNotEmpty();
          });
      // Nothing from phase 1, the repeated payment included, got a second vector.
      List<String> vectorIds =
          KafkaTestSupport.readAtLeast(bootstrap, topics.features(), before.size() + 1).stream()
              .map(r -> r.value().getEventId())
              .toList();
      assertThat(vectorIds).doesNotHaveDuplicates().contains(repeated.id(), next.id());
    } finally {
      second.cancel().get();
    }
  }

  /**
   * RocksDB's estimated key count per column family (state) as a metric: present only when the job
   * really runs on RocksDB.
   */
  private static Configuration rocksDbKeyCounts() {
    Configuration conf = new Configuration();
    conf.set(RocksDBNativeMetricOptions.ESTIMATE_NUM_KEYS, true);
    return conf;
  }

  private static Settings settings(String consumerGroup) {
    return Settings.empty()
        .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(CommonSettings.TOPIC_PREFIX, PREFIX)
        .with(IngestSettings.CONSUMER_GROUP, consumerGroup)
        .with(IngestSettings.STATE_BACKEND, StateBackend.ROCKSDB)
        .with(IngestSettings.MATURITY_WINDOW, MATURITY)
        .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
        .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
  }

  /** The Kafka-wired job, restored from {@code savepoint} unless it is null. */
  private static JobClient start(Settings settings, String savepoint) throws Exception {
    Configuration conf = new Configuration();
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(PARALLELISM);
    IngestWiring.kafka(settings).buildOn(env);
    return env.executeAsync(savepoint == null ? "ingest" : "ingest-restored");
  }

  private static List<Map.Entry<String, byte[]>> records(List<Payment> payments) {
    return payments.stream().map(Payment::record).toList();
  }

  private static double feature(FeatureVector vector, String name) {
    return vector.getValues().get(FEATURES.indexOf(name));
  }
}
