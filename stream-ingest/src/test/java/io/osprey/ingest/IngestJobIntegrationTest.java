package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.everyTenthLabelled;
import static io.osprey.ingest.Fixtures.recentPaymentIds;
import static io.osprey.ingest.Fixtures.recentPayments;
import static io.osprey.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end as {@link IngestWiring} wires it, on a real broker and a Flink MiniCluster
 * (parallelism 2): what reaches the topics is what other components read (their serdes, keyed by
 * entity, dead letters by the original key) and the lake holds the same vectors and examples, read
 * back by an independent reader. What the pipeline does with each record (accounting, lateness,
 * dedupe, the label join) is tested without a broker in {@code pipeline/}.
 */
class IngestJobIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int CARDS = 4;
  private static final int TRANSACTIONS = 40;
  private static final int LABELLED = 4;
  private static final Duration MATURITY = Duration.ofSeconds(3);
  // Early labels wait at the join for their vectors; 15 s leaves room for a slow start on 2 cores.
  private static final Duration ORPHAN_HORIZON = Duration.ofSeconds(15);

  /** Keeps every metric of the job, so the test can read the counters a user would see. */
  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  private static OspreyTopics topics;

  @BeforeAll
  static void startBroker() {
    topics = OspreyTopics.withPrefix("it.");
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
  }

  @Test
  void topicsAndLakeHoldWhatThePipelineEmits(@TempDir Path lake) throws Exception {
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "it.")
            .with(IngestSettings.MATURITY_WINDOW, MATURITY)
            .with(IngestSettings.ORPHAN_LABEL_HORIZON, ORPHAN_HORIZON)
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE)
            .with(IngestSettings.LAKE_ROOT, lake.toString());

    long now = System.currentTimeMillis();
    // Each card pays every few seconds over the last ten minutes.
    List<Map.Entry<String, byte[]>> transactions =
        new ArrayList<>(recentPayments(TRANSACTIONS, CARDS, now));
    Set<String> validIds = recentPaymentIds(TRANSACTIONS);
    List<Map.Entry<String, byte[]>> malformed = List.of(Map.entry("card-x", utf8("not json")));
    transactions.addAll(malformed);

    // The labels come before their transactions and wait for them at the join (how labels
    // arriving at other times are joined is the pipeline tests' business).
    List<Map.Entry<String, byte[]>> labels = new ArrayList<>(everyTenthLabelled(LABELLED, now));
    labels.add(Map.entry("nobody", utf8("{\"eventId\": 42}"))); // wrong type

    long started = System.nanoTime();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    IngestWiring.kafka(settings).buildOn(env);
    JobClient job = env.executeAsync("ingest-integration-test");
    try {
      String bootstrap = kafka.bootstrapServers();
      KafkaTestSupport.send(bootstrap, topics.labels(), labels);
      KafkaTestSupport.send(bootstrap, topics.transactions(), transactions);

      List<ConsumerRecord<String, FeatureVector>> vectors =
          KafkaTestSupport.readAtLeast(bootstrap, topics.features(), TRANSACTIONS);
      assertThat(vectors).hasSize(TRANSACTIONS);
      assertThat(vectors.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet()))
          .isEqualTo(validIds);
      assertThat(vectors)
          .allSatisfy(
              r -> {
                assertThat(r.key()).isEqualTo(r.value().getEntityId());
                assertThat(r.value().getSpecHash()).isEqualTo(FeatureLayout.PAYMENTS.specHash());
                assertThat(r.value().getValues()).hasSize(FeatureLayout.PAYMENTS.size());
                assertThat(r.value().getIngestTime()).isGreaterThanOrEqualTo(now);
              });

      // 1 bad transaction, 1 bad label, keyed as they came.
      List<ConsumerRecord<byte[], DeadLetter>> deadLetters =
          KafkaTestSupport.readAtLeast(bootstrap, topics.deadLetters(), malformed.size() + 1);
      assertThat(deadLetters).hasSize(malformed.size() + 1);
      List<DeadLetter> fromTransactions =
          deadLetters.stream()
              .map(ConsumerRecord::value)
              .filter(d -> d.getSourceTopic().equals(topics.transactions().name()))
              .toList();
      assertThat(fromTransactions).extracting(DeadLetter::getStage).containsExactly("parse");
      assertThat(deadLetters)
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsOnly("card-x", "nobody");

      // Every vector matures: 20 with their label, the rest as negatives after the window.
      List<ConsumerRecord<String, TrainingExample>> examples =
          KafkaTestSupport.readAtLeast(bootstrap, topics.trainingExamples(), TRANSACTIONS);
      assertThat(examples).hasSize(TRANSACTIONS);
      assertThat(examples)
          .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getFeatures().getEntityId()));
      List<TrainingExample> labelled =
          examples.stream()
              .map(ConsumerRecord::value)
              .filter(e -> e.getLabelTime() != null)
              .toList();
      assertThat(labelled).hasSize(LABELLED);
      assertThat(labelled).filteredOn(TrainingExample::getFraud).hasSize(LABELLED / 4);
      assertThat(examples)
          .map(ConsumerRecord::value)
          .filteredOn(e -> e.getLabelTime() == null)
          .allSatisfy(e -> assertThat(e.getFraud()).isFalse());

      // The lake, read back by an independent reader once checkpoints have committed the files.
      Map<String, List<Double>> kafkaValues =
          vectors.stream()
              .collect(Collectors.toMap(r -> r.value().getEventId(), r -> r.value().getValues()));
      Map<String, Boolean> kafkaLate =
          vectors.stream()
              .collect(Collectors.toMap(r -> r.value().getEventId(), r -> r.value().getLate()));
      try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
        String features =
            "read_parquet('" + lake + "/features/*/*.parquet', hive_partitioning=true)";
        String trainingExamples =
            "read_parquet('" + lake + "/training-examples/*/*.parquet', hive_partitioning=true)";
        JobMetrics.await(
            () -> {
              assertThat(count(duckdb, features)).isEqualTo(TRANSACTIONS);
              assertThat(count(duckdb, trainingExamples)).isEqualTo(TRANSACTIONS);
            });
        try (Statement sql = duckdb.createStatement();
            ResultSet rows =
                sql.executeQuery(
                    "SELECT eventId, entityId, eventTime, specHash, \"values\", late, \"date\""
                        + " FROM "
                        + features)) {
          while (rows.next()) {
            String eventId = rows.getString(1);
            long eventTime = rows.getLong(3);
            assertThat(rows.getString(4)).isEqualTo(FeatureLayout.PAYMENTS.specHash());
            assertThat((Object[]) rows.getArray(5).getArray())
                .as(eventId)
                .containsExactly(kafkaValues.get(eventId).toArray());
            // As on the topic: with keyed features a vector is also late when one of its keys
            // (the merchant all these cards share) had seen newer events.
            assertThat(rows.getBoolean(6)).as(eventId).isEqualTo(kafkaLate.get(eventId));
            assertThat("date=" + rows.getString(7))
                .isEqualTo(
                    "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(eventTime), ZoneOffset.UTC));
          }
        }
        try (Statement sql = duckdb.createStatement();
            ResultSet rows =
                sql.executeQuery(
                    "SELECT count(DISTINCT features.eventId), count(labelTime),"
                        + " count(*) FILTER (WHERE fraud) FROM "
                        + trainingExamples)) {
          rows.next();
          assertThat(rows.getLong(1)).isEqualTo(TRANSACTIONS);
          assertThat(rows.getLong(2)).isEqualTo(LABELLED);
          assertThat(rows.getLong(3)).isEqualTo(LABELLED / 4);
        }
      }
      System.out.printf(
          "IngestJobIntegrationTest: %d inputs processed and matured in %d ms%n",
          transactions.size() + labels.size(),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
    } finally {
      job.cancel().get();
    }
  }

  private static long count(Connection duckdb, String table) throws Exception {
    try (Statement sql = duckdb.createStatement();
        ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      return -1; // no committed file yet: the glob matches nothing
    }
  }
}
