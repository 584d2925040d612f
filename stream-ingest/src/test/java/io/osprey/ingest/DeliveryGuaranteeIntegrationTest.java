package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.transactionJson;
import static io.osprey.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once sink option on a real broker: records reach {@code read_committed} readers once
 * each, after a checkpoint commits them. {@link #measureLatencyOfBothGuarantees()} is the ad-hoc
 * latency measurement behind the default of {@link IngestSettings#DELIVERY_GUARANTEE}; it runs only
 * on request ({@code -Dosprey.measure=true}), as it paces events over tens of seconds.
 */
class DeliveryGuaranteeIntegrationTest {
  private static final int PARALLELISM = 2;

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void exactlyOnceDeliversEveryVectorOnceToReadCommittedReaders() throws Exception {
    OspreyTopics topics = topics("eos.");
    Settings settings = settings("eos.", Delivery.EXACTLY_ONCE, Duration.ofMillis(500));
    long now = System.currentTimeMillis();
    List<Map.Entry<String, byte[]>> transactions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      transactions.add(
          Map.entry("card-" + i % 5, utf8(transactionJson("tx-" + i, "card-" + i % 5, 10, now))));
    }
    JobClient job = start(settings);
    try {
      KafkaTestSupport.send(kafka.bootstrapServers(), topics.transactions(), transactions);
      List<ConsumerRecord<String, FeatureVector>> vectors =
          KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.features(), 50);
      assertThat(vectors)
          .extracting(r -> r.value().getEventId())
          .doesNotHaveDuplicates()
          .hasSize(50);
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Paces {@code EVENTS} payments at {@code RATE} per second through the job with each guarantee
   * and the default checkpoint interval, and prints the latency from the input record's Kafka
   * timestamp to the moment a read_committed consumer sees the vector.
   */
  @Test
  @EnabledIfSystemProperty(named = "osprey.measure", matches = "true")
  void measureLatencyOfBothGuarantees() throws Exception {
    Duration defaultInterval = IngestSettings.CHECKPOINT_INTERVAL.defaultValue();
    record Run(Delivery delivery, Duration checkpoints) {}
    for (Run run :
        List.of(
            new Run(Delivery.AT_LEAST_ONCE, defaultInterval),
            new Run(Delivery.EXACTLY_ONCE, defaultInterval),
            new Run(Delivery.EXACTLY_ONCE, Duration.ofSeconds(1)))) {
      String prefix =
          "m-" + run.delivery().name().toLowerCase() + run.checkpoints().toMillis() + ".";
      long[] latencies =
          measure(prefix, settings(prefix, run.delivery(), run.checkpoints()), 1000, 40);
      Arrays.sort(latencies);
      System.out.printf(
          "DELIVERY %s (checkpoint %s): n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms mean=%.1f"
              + " ms%n",
          run.delivery(),
          run.checkpoints(),
          latencies.length,
          latencies[latencies.length / 2],
          latencies[latencies.length * 9 / 10],
          latencies[latencies.length * 99 / 100],
          latencies[latencies.length - 1],
          Arrays.stream(latencies).average().orElse(0));
    }
  }

  private long[] measure(String prefix, Settings settings, int events, int rate) throws Exception {
    OspreyTopics topics = topics(prefix);
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    Map<String, Long> ingestTime = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    JobClient job = start(settings);
    Thread reader =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer()) {
                consumer.subscribe(List.of(topics.features().name()));
                while (!stop.get()) {
                  for (var raw : consumer.poll(Duration.ofMillis(20))) {
                    long at = System.currentTimeMillis();
                    FeatureVector v = topics.features().deserializeValue(raw.value());
                    seenAt.putIfAbsent(v.getEventId(), at);
                    ingestTime.putIfAbsent(v.getEventId(), v.getIngestTime());
                  }
                }
              }
            },
            "latency-reader");
    reader.start();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTestSupport.producer(kafka.bootstrapServers())) {
      // Warm-up: the job is running once its first vector arrives.
      producer.send(record(topics, "warm-up", System.currentTimeMillis()));
      Awaitility.await()
          .atMost(KafkaTestSupport.RECORD_DEADLINE)
          .until(() -> seenAt.containsKey("warm-up"));
      long start = System.nanoTime();
      for (int i = 0; i < events; i++) {
        long due = start + TimeUnit.SECONDS.toNanos(1) * i / rate;
        LockSupport.parkNanos(due - System.nanoTime()); // pacing, not waiting for a condition
        producer.send(record(topics, "e-" + i, System.currentTimeMillis()));
      }
      producer.flush();
      Awaitility.await()
          .atMost(KafkaTestSupport.RECORD_DEADLINE)
          .until(() -> seenAt.size() >= events + 1);
    } finally {
      stop.set(true);
      reader.join();
      job.cancel().get();
    }
    return seenAt.keySet().stream()
        .filter(id -> !id.equals("warm-up"))
        .mapToLong(id -> seenAt.get(id) - ingestTime.get(id))
        .toArray();
  }

  private static ProducerRecord<byte[], byte[]> record(OspreyTopics topics, String id, long now) {
    String card = "card-" + Math.floorMod(id.hashCode(), 50);
    return new ProducerRecord<>(
        topics.transactions().name(),
        topics.transactions().serializeKey(card),
        topics.transactions().serializeValue(utf8(transactionJson(id, card, 10, now))));
  }

  private static KafkaConsumer<byte[], byte[]> committedConsumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "latency-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static OspreyTopics topics(String prefix) {
    OspreyTopics topics = OspreyTopics.withPrefix(prefix);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
    return topics;
  }

  private static Settings settings(String prefix, Delivery delivery, Duration checkpoints) {
    return Settings.empty()
        .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(CommonSettings.TOPIC_PREFIX, prefix)
        .with(IngestSettings.CONSUMER_GROUP, prefix + "ingest")
        .with(IngestSettings.DELIVERY_GUARANTEE, delivery)
        .with(IngestSettings.CHECKPOINT_INTERVAL, checkpoints)
        .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
  }

  private static JobClient start(Settings settings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    IngestWiring.kafka(settings).buildOn(env);
    return env.executeAsync("delivery-" + settings.get(IngestSettings.DELIVERY_GUARANTEE));
  }
}
