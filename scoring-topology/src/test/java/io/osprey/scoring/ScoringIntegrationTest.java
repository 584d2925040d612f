package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.ORDINARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scorer as deployed: a real KRaft broker, real Kafka Streams, RocksDB model store. */
class ScoringIntegrationTest {
  private static final int EVENTS = 300;
  private static final Duration DEADLINE = KafkaTestSupport.RECORD_DEADLINE;

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @TempDir static Path stateDir;

  @Test
  void scoresEveryEventOnceWithThePublishedModelAndReportsRefusals() throws Exception {
    Settings settings =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "it.")
            .with(ScoringSettings.STATE_DIR, stateDir.toString())
            .with(ScoringSettings.HTTP_PORT, 0);
    OspreyTopics topics = CommonSettings.topics(settings);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), 2);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (ScoringService scoring = ScoringService.start(settings, registry)) {
      scoring.awaitRunning(DEADLINE);
      ModelEnvelope v1 = ScoringFixtures.envelope(1, 0.5);
      KafkaTestSupport.send(
          kafka.bootstrapServers(), topics.models(), List.of(Map.entry(v1.getName(), v1)));
      await().atMost(DEADLINE).until(() -> scoring.modelVersion() == 1);

      List<Map.Entry<String, FeatureVector>> vectors =
          IntStream.range(0, EVENTS)
              .mapToObj(i -> ScoringFixtures.vector("evt-" + i, ORDINARY))
              .map(v -> Map.entry(v.getEntityId(), v))
              .toList();
      KafkaTestSupport.send(kafka.bootstrapServers(), topics.features(), vectors);

      List<ConsumerRecord<String, Prediction>> predictions =
          KafkaTestSupport.readUntil(
              kafka.bootstrapServers(),
              topics.predictions(),
              read -> read.size() >= EVENTS,
              DEADLINE);
      Map<String, Long> perEvent =
          predictions.stream()
              .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
      assertThat(perEvent).hasSize(EVENTS).allSatisfy((event, count) -> assertThat(count).isOne());
      assertThat(predictions)
          .allSatisfy(
              record -> {
                assertThat(record.value().getEventId()).isEqualTo(record.key());
                assertThat(record.value().getModelVersion()).isEqualTo(1);
                assertThat(record.value().getFallback()).isFalse();
              });

      try (KafkaProducer<byte[], byte[]> raw =
          KafkaTestSupport.producer(kafka.bootstrapServers())) {
        raw.send(
                new ProducerRecord<>(
                    topics.models().name(), "garbage".getBytes(), new byte[] {1, 2, 3}))
            .get();
      }
      ModelEnvelope bad = ScoringFixtures.tampered(2);
      KafkaTestSupport.send(
          kafka.bootstrapServers(), topics.models(), List.of(Map.entry(bad.getName(), bad)));
      List<ConsumerRecord<String, MonitoringEvent>> events =
          KafkaTestSupport.readUntil(
              kafka.bootstrapServers(),
              topics.monitoring(),
              read -> read.stream().anyMatch(r -> r.key().equals(AdmissionEvents.REFUSED)),
              DEADLINE);
      Set<String> metrics = events.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
      assertThat(metrics).contains(AdmissionEvents.ACCEPTED, AdmissionEvents.REFUSED);
      assertThat(scoring.modelVersion()).isEqualTo(1);
      double counted =
          registry.get("osprey.scoring.predictions").counters().stream()
              .mapToDouble(Counter::count)
              .sum();
      assertThat(counted).isEqualTo(EVENTS);
      assertThat(
              registry
                  .get("osprey.scoring.deserialization.errors")
                  .tag("topic", topics.models().name())
                  .counter()
                  .count())
          .isOne();
    }

    // A restart keeps serving v1 (local RocksDB store plus topic tail), never the refused v2.
    try (ScoringService restarted = ScoringService.start(settings, new SimpleMeterRegistry())) {
      restarted.awaitRunning(DEADLINE);
      assertThat(restarted.modelVersion()).isEqualTo(1);
    }
  }
}
