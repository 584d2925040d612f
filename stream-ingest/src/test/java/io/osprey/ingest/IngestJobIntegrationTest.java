package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka-wired job on a real broker and a Flink MiniCluster (parallelism 2): every input ends as
 * exactly one feature vector, dead letter or counted duplicate (and the job's metrics say so), a
 * late event is scored and flagged, and training examples appear.
 */
class IngestJobIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int CARDS = 20;
  private static final int TRANSACTIONS = 200;
  private static final int LABELLED = 20;
  private static final Duration MATURITY = Duration.ofSeconds(10);
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
  void everyInputEndsAsAVectorADeadLetterOrACountedDuplicate(@TempDir Path lake) throws Exception {
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
    List<Map.Entry<String, byte[]>> transactions = new ArrayList<>();
    Set<String> validIds = new HashSet<>();
    for (int i = 0; i < TRANSACTIONS; i++) {
      String card = "card-" + (i % CARDS);
      String id = "tx-" + i;
      validIds.add(id);
      // Each card pays every few seconds over the last ten minutes.
      long eventTime = now - Duration.ofMinutes(10).toMillis() + i * 3_000L;
      transactions.add(Map.entry(card, bytes(transactionJson(id, card, 5 + i % 50, eventTime))));
    }
    transactions.add(transactions.get(3)); // producer retries: counted, not emitted twice
    transactions.add(transactions.get(7));
    byte[] huge = new byte[100 * 1024];
    Arrays.fill(huge, (byte) '{');
    List<Map.Entry<String, byte[]>> malformed =
        List.of(
            Map.entry("card-x", bytes("not json")),
            Map.entry("card-x", bytes("{\"eventId\":\"bad-1\"}")),
            Map.entry("card-x", bytes(transactionJson("bad-2", "card-x", -1, now))),
            Map.entry(
                "card-x", bytes(transactionJson("bad-3", "card-x", 1, "NL", "FAX", "1", now))),
            Map.entry("card-x", huge));
    transactions.addAll(malformed);

    // Half the labels come before their transactions (they wait), half after (within maturity).
    List<Map.Entry<String, byte[]>> earlyLabels = new ArrayList<>();
    List<Map.Entry<String, byte[]>> lateLabels = new ArrayList<>();
    for (int i = 0; i < LABELLED; i++) {
      String id = "tx-" + (i * 10);
      (i % 2 == 0 ? earlyLabels : lateLabels)
          .add(Map.entry(id, bytes(labelJson(id, i % 4 == 0, now))));
    }
    lateLabels.add(Map.entry("nobody", bytes(labelJson("tx-unknown", true, now)))); // orphan
    lateLabels.add(Map.entry("nobody", bytes("{\"eventId\": 42}"))); // wrong type
    lateLabels.add(lateLabels.get(0)); // a repeated label: superseded within the window, counted
    // An hour behind everything else: late, scored and flagged, not dropped.
    String lateId = "tx-late";
    Map.Entry<String, byte[]> lateTransaction =
        Map.entry(
            "card-0",
            bytes(transactionJson(lateId, "card-0", 10, now - Duration.ofHours(1).toMillis())));

    long started = System.nanoTime();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    IngestWiring.kafka(settings).buildOn(env);
    JobClient job = env.executeAsync("ingest-integration-test");
    try {
      String bootstrap = kafka.bootstrapServers();
      KafkaTestSupport.send(bootstrap, topics.labels(), earlyLabels);
      KafkaTestSupport.send(bootstrap, topics.transactions(), transactions);
      KafkaTestSupport.send(bootstrap, topics.labels(), lateLabels);

      KafkaTestSupport.readAtLeast(bootstrap, topics.features(), TRANSACTIONS);
      // Once the features operator's watermark has passed the late event, send it.
      JobMetrics.await(
          () ->
              assertThat(METRICS.values(job.getJobID(), "entity-features", "currentInputWatermark"))
                  .hasSize(PARALLELISM)
                  .allSatisfy(
                      w -> assertThat(w).isGreaterThan(now - Duration.ofMinutes(5).toMillis())));
      KafkaTestSupport.send(bootstrap, topics.transactions(), List.of(lateTransaction));
      validIds.add(lateId);

      List<ConsumerRecord<String, FeatureVector>> vectors =
          KafkaTestSupport.readAtLeast(bootstrap, topics.features(), TRANSACTIONS + 1);
      assertThat(vectors).hasSize(TRANSACTIONS + 1);
      assertThat(vectors.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet()))
          .isEqualTo(validIds);
      assertThat(vectors)
          .filteredOn(r -> r.value().getLate())
          .singleElement()
          .satisfies(r -> assertThat(r.value().getEventId()).isEqualTo(lateId));
      assertThat(vectors)
          .allSatisfy(
              r -> {
                assertThat(r.key()).isEqualTo(r.value().getEntityId());
                assertThat(r.value().getSpecHash()).isEqualTo(FeatureLayout.PAYMENTS.specHash());
                assertThat(r.value().getValues()).hasSize(FeatureLayout.PAYMENTS.size());
                assertThat(r.value().getIngestTime()).isGreaterThanOrEqualTo(now);
              });

      // Each card's payments were processed in order: its k-th payment saw k-1 in the hour.
      Map<String, List<FeatureVector>> byCard =
          vectors.stream()
              .map(ConsumerRecord::value)
              .filter(v -> !v.getLate())
              .collect(Collectors.groupingBy(v -> v.getEntityId()));
      assertThat(byCard).hasSize(CARDS);
      byCard.forEach(
          (card, list) -> {
            List<FeatureVector> sorted =
                list.stream()
                    .sorted(Comparator.comparingLong(FeatureVector::getEventTime))
                    .toList();
            for (int k = 0; k < sorted.size(); k++) {
              assertThat(sorted.get(k).getValues().get(1))
                  .as(card + " #" + k)
                  .isEqualTo((double) k);
            }
          });

      // 5 bad transactions, 1 bad label, 1 orphan label (after its horizon).
      List<ConsumerRecord<byte[], DeadLetter>> deadLetters =
          KafkaTestSupport.readAtLeast(bootstrap, topics.deadLetters(), malformed.size() + 2);
      assertThat(deadLetters).hasSize(malformed.size() + 2);
      List<DeadLetter> fromTransactions =
          deadLetters.stream()
              .map(ConsumerRecord::value)
              .filter(d -> d.getSourceTopic().equals(topics.transactions().name()))
              .toList();
      assertThat(fromTransactions)
          .extracting(DeadLetter::getStage)
          .containsExactlyInAnyOrder("parse", "parse", "validate", "validate", "parse");
      assertThat(fromTransactions).filteredOn(DeadLetter::getTruncated).hasSize(1);
      assertThat(deadLetters)
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsOnly("card-x", "nobody");
      assertThat(deadLetters)
          .extracting(r -> r.value().getStage() + ": " + r.value().getReason())
          .anySatisfy(reason -> assertThat(reason).startsWith("join: no transaction"));

      // Every vector matures: 20 with their label, the rest as negatives after the window.
      List<ConsumerRecord<String, TrainingExample>> examples =
          KafkaTestSupport.readAtLeast(bootstrap, topics.trainingExamples(), TRANSACTIONS + 1);
      assertThat(examples).hasSize(TRANSACTIONS + 1);
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

      // The ledger: every input record ends as exactly one vector, dead letter or counted
      // duplicate (transactions), or applied, superseded/duplicate, dead letter (labels).
      JobID id = job.getJobID();
      int transactionsSent = transactions.size() + 1;
      int labelsSent = earlyLabels.size() + lateLabels.size();
      JobMetrics.await(
          () -> {
            long in = METRICS.count(id, "parse-transactions", "recordsIn");
            long vectorsOut = METRICS.count(id, "entity-features", "featuresOut");
            long deadLettered = METRICS.count(id, "parse-transactions", "deadLetters");
            long duplicates = METRICS.count(id, "dedupe", "duplicates");
            assertThat(in).isEqualTo(transactionsSent);
            assertThat(vectorsOut + deadLettered + duplicates).isEqualTo(in);
            assertThat(List.of(vectorsOut, deadLettered, duplicates))
                .containsExactly((long) TRANSACTIONS + 1, (long) malformed.size(), 2L);
            assertThat(METRICS.count(id, "entity-features", "lateEvents")).isEqualTo(1);

            long labelsIn = METRICS.count(id, "parse-labels", "recordsIn");
            assertThat(labelsIn).isEqualTo(labelsSent);
            assertThat(
                    METRICS.count(id, "parse-labels", "deadLetters")
                        + METRICS.count(id, "label-join", "deadLetters")
                        + METRICS.count(id, "label-join", "labelsApplied")
                        + METRICS.count(id, "label-join", "labelsSuperseded")
                        + METRICS.count(id, "label-join", "labelsDuplicate"))
                .isEqualTo(labelsIn);
            assertThat(METRICS.count(id, "label-join", "labelsApplied")).isEqualTo(LABELLED);
          });

      // The lake, read back by an independent reader once checkpoints have committed the files.
      Map<String, List<Double>> kafkaValues =
          vectors.stream()
              .collect(Collectors.toMap(r -> r.value().getEventId(), r -> r.value().getValues()));
      try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
        String features =
            "read_parquet('" + lake + "/features/*/*.parquet', hive_partitioning=true)";
        String trainingExamples =
            "read_parquet('" + lake + "/training-examples/*/*.parquet', hive_partitioning=true)";
        JobMetrics.await(
            () -> {
              assertThat(count(duckdb, features)).isEqualTo(TRANSACTIONS + 1);
              assertThat(count(duckdb, trainingExamples)).isEqualTo(TRANSACTIONS + 1);
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
            assertThat(rows.getBoolean(6)).isEqualTo(eventId.equals(lateId));
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
          assertThat(rows.getLong(1)).isEqualTo(TRANSACTIONS + 1);
          assertThat(rows.getLong(2)).isEqualTo(LABELLED);
          assertThat(rows.getLong(3)).isEqualTo(LABELLED / 4);
        }
      }
      System.out.printf(
          "IngestJobIntegrationTest: %d inputs processed and matured in %d ms%n",
          transactions.size() + earlyLabels.size() + lateLabels.size(),
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

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
