package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.transactionJson;
import static io.osprey.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka sinks' size guard, through the Kafka-wired job on a real broker with Flink's restart
 * strategy on (so a failing sink would loop, as it did before issue 11): an event whose feature
 * vector and training example are larger than the broker takes is an alert on {@code monitoring}
 * naming each, the job never restarts, and a payment sent after it is still scored. The other
 * hostile records (keys, bytes that are not UTF-8, a shared event id) are the pipeline's and are
 * tested without a broker (pipeline/HostileInputIntegrationTest).
 */
class SinkSizeGuardIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final String PREFIX = "hostile.";

  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void aRecordTooLargeForTheBrokerIsAnAlertAndTheJobNeverRestarts() throws Exception {
    OspreyTopics topics = OspreyTopics.withPrefix(PREFIX);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, PREFIX)
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofSeconds(2))
            // Inputs as large as the broker takes, so one can make a vector larger than that.
            .with(IngestSettings.MAX_RECORD_BYTES, 1024 * 1024)
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.FIXED_DELAY);
    long now = System.currentTimeMillis();

    // 100,000 + 500,000 characters in; out: the id, and the card as key and in the value.
    String hugeCard = "c".repeat(500_000);
    List<ProducerRecord<byte[], byte[]>> hostile =
        List.of(
            tx(
                topics,
                utf8("card-huge"),
                utf8(transactionJson("x".repeat(100_000), hugeCard, 10, now))));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    IngestWiring.kafka(settings).buildOn(env);
    JobClient job = env.executeAsync("sink-size-guard-test");
    try {
      String bootstrap = kafka.bootstrapServers();
      send(bootstrap, hostile);
      KafkaTestSupport.send(
          bootstrap,
          topics.transactions(),
          List.of(
              java.util.Map.entry(
                  "card-3", utf8(transactionJson("after-the-hostile-ones", "card-3", 10, now)))));

      // A payment sent after the huge one is scored; the huge one never reached the topic.
      List<ConsumerRecord<String, FeatureVector>> vectors =
          KafkaTestSupport.readUntil(
              bootstrap,
              topics.features(),
              read -> ids(read).contains("after-the-hostile-ones"),
              KafkaTestSupport.RECORD_DEADLINE);
      assertThat(ids(vectors)).containsExactly("after-the-hostile-ones");

      // The vector too large to send is an alert naming it, and so is its training example.
      List<ConsumerRecord<String, MonitoringEvent>> alerts =
          KafkaTestSupport.readAtLeast(bootstrap, topics.monitoring(), 2);
      assertThat(alerts)
          .extracting(r -> r.value().getMetric())
          .containsOnly("ingest.sink.record.too.large");
      assertThat(alerts)
          .extracting(r -> r.value().getDetail())
          .anySatisfy(d -> assertThat(d).startsWith("features: feature vector of event xxx"))
          .anySatisfy(d -> assertThat(d).startsWith("training-examples: training example"));

      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      assertThat(METRICS.jobGauge(job.getJobID(), "numRestarts")).isZero();
    } finally {
      job.cancel().get();
    }
  }

  private static ProducerRecord<byte[], byte[]> tx(OspreyTopics topics, byte[] key, String value) {
    return tx(topics, key, utf8(value));
  }

  private static ProducerRecord<byte[], byte[]> tx(OspreyTopics topics, byte[] key, byte[] value) {
    return new ProducerRecord<>(topics.transactions().name(), key, value);
  }

  private static List<String> ids(List<ConsumerRecord<String, FeatureVector>> vectors) {
    return vectors.stream().map(r -> r.value().getEventId()).toList();
  }

  private static void send(String bootstrap, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        acks.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get(); // the broker took every one of them
      }
    }
  }
}
