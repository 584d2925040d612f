package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka-wired job on a real broker and a Flink MiniCluster (parallelism 2): every input ends as
 * exactly one feature vector, dead letter or counted duplicate, and training examples appear.
 */
class IngestJobIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int CARDS = 20;
  private static final int TRANSACTIONS = 200;
  private static final int LABELLED = 20;
  private static final Duration MATURITY = Duration.ofSeconds(10);
  private static final Duration ORPHAN_HORIZON = Duration.ofSeconds(5);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .build());

  private static EmbeddedKafka kafka;
  private static OspreyTopics topics;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.startTemporary();
    topics = OspreyTopics.withPrefix("it.");
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyInputEndsAsAVectorADeadLetterOrACountedDuplicate() throws Exception {
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "it.")
            .with(IngestSettings.MATURITY_WINDOW, MATURITY)
            .with(IngestSettings.ORPHAN_LABEL_HORIZON, ORPHAN_HORIZON)
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);

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

    long started = System.nanoTime();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    IngestJob.kafka(settings).buildOn(env);
    JobClient job = env.executeAsync("ingest-integration-test");
    try {
      String bootstrap = kafka.bootstrapServers();
      KafkaTestSupport.send(bootstrap, topics.labels(), earlyLabels);
      KafkaTestSupport.send(bootstrap, topics.transactions(), transactions);
      KafkaTestSupport.send(bootstrap, topics.labels(), lateLabels);

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

      // Each card's payments were processed in order: its k-th payment saw k-1 in the hour.
      Map<String, List<FeatureVector>> byCard =
          vectors.stream()
              .map(ConsumerRecord::value)
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
          KafkaTestSupport.readAtLeast(bootstrap, topics.trainingExamples(), TRANSACTIONS);
      assertThat(examples).hasSize(TRANSACTIONS);
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
      System.out.printf(
          "IngestJobIntegrationTest: %d inputs processed and matured in %d ms%n",
          transactions.size() + earlyLabels.size() + lateLabels.size(),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
    } finally {
      job.cancel().get();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
