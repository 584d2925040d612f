package io.osprey.scoring;

import static io.osprey.scoring.ScoringFixtures.ORDINARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.OspreyTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scoring instances share four partitions. Either answers HTTP queries for any entity (routed
 * to the owner); then one is stopped while events are still arriving. With the default exactly-once
 * guarantee, every event still gets exactly one (committed) prediction.
 */
class ScoringScaleOutIntegrationTest {
  private static final int PARTITIONS = 4;
  private static final int EVENTS_PER_BATCH = 200;
  private static final int ENTITIES = 32;
  private static final Duration DEADLINE = KafkaTestSupport.RECORD_DEADLINE;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @TempDir static Path first;
  @TempDir static Path second;

  @Test
  void stoppingOneOfTwoInstancesMidStreamLosesAndDuplicatesNoPrediction() throws Exception {
    Settings common =
        TestSigning.settings()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, "scale.")
            .with(ScoringSettings.HTTP_PORT, 0)
            .with(ScoringSettings.PROCESSING_GUARANTEE, ScoringSettings.Guarantee.EXACTLY_ONCE_V2)
            .with(ScoringSettings.COMMIT_INTERVAL, Duration.ofMillis(10));
    OspreyTopics topics = CommonSettings.topics(common);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARTITIONS);
    ModelEnvelope v1 = ScoringFixtures.envelope(1, 0.5);
    KafkaTestSupport.send(
        kafka.bootstrapServers(), topics.models(), List.of(Map.entry(v1.getName(), v1)));

    try (ScoringService a =
            ScoringService.start(
                common.with(ScoringSettings.STATE_DIR, first.toString()),
                new SimpleMeterRegistry());
        ScoringService b =
            ScoringService.start(
                common.with(ScoringSettings.STATE_DIR, second.toString()),
                new SimpleMeterRegistry())) {
      a.awaitRunning(DEADLINE);
      b.awaitRunning(DEADLINE);
      await().atMost(DEADLINE).until(() -> a.modelVersion() == 1 && b.modelVersion() == 1);
      await() // both instances own partitions once the group has settled
          .atMost(DEADLINE)
          .until(
              () ->
                  a.assignedPartitions() > 0
                      && b.assignedPartitions() > 0
                      && a.assignedPartitions() + b.assignedPartitions() == PARTITIONS);

      // One event per entity; then any instance answers for every entity, routing to the owner.
      List<Map.Entry<String, FeatureVector>> warmUp =
          IntStream.range(0, ENTITIES).mapToObj(i -> event("warm-" + i, i)).toList();
      KafkaTestSupport.send(kafka.bootstrapServers(), topics.features(), warmUp);
      KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.predictions(), ENTITIES);
      for (int i = 0; i < ENTITIES; i++) {
        HttpResponse<String> response = get(a, "/predictions/card-" + i);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"eventId\":\"warm-" + i + "\"");
      }
      assertThat(get(b, "/predictions/card-unknown").statusCode()).isEqualTo(404);
      assertThat(get(b, "/models").body())
          .contains("\"champion\":{\"name\":\"payments\",\"version\":1")
          .contains("\"challenger\":null")
          .contains("\"trainedThroughEventTime\":");
      // The champion's age on the instances that scored with it (both own partitions).
      assertThat(get(a, "/models").body() + get(b, "/models").body())
          .containsPattern("\"ageEventTimeMillis\":\\d+,\"eventsSince\":[1-9]");

      KafkaTestSupport.send(kafka.bootstrapServers(), topics.features(), batch(0));
      b.close(); // mid-stream: some of the first batch may still be unprocessed on b's partitions
      KafkaTestSupport.send(kafka.bootstrapServers(), topics.features(), batch(1));

      int events = ENTITIES + 2 * EVENTS_PER_BATCH;
      List<ConsumerRecord<String, Prediction>> predictions =
          KafkaTestSupport.readUntil(
              kafka.bootstrapServers(),
              topics.predictions(),
              read -> read.stream().map(ConsumerRecord::key).distinct().count() >= events,
              DEADLINE);
      Set<String> eventIds =
          predictions.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
      assertThat(eventIds).hasSize(events);
      assertThat(predictions).hasSize(events); // exactly once: no event scored twice
      await().atMost(DEADLINE).until(() -> a.assignedPartitions() == PARTITIONS);
    }
  }

  private static List<Map.Entry<String, FeatureVector>> batch(int batch) {
    return IntStream.range(batch * EVENTS_PER_BATCH, (batch + 1) * EVENTS_PER_BATCH)
        .mapToObj(i -> event("evt-" + i, i % ENTITIES))
        .toList();
  }

  private static Map.Entry<String, FeatureVector> event(String eventId, int entity) {
    FeatureVector vector = ScoringFixtures.vector(eventId, ORDINARY);
    vector.setEntityId("card-" + entity);
    return Map.entry(vector.getEntityId(), vector);
  }

  private static HttpResponse<String> get(ScoringService instance, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
