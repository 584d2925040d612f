package io.osprey.system.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.OspreyTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The status line counts what happens on the topics, whoever makes it happen: with {@code
 * --no-simulator}, records a user sends to {@code transactions} are events in and every prediction
 * is a prediction out (both were 0 while 260,000 events were scored from outside).
 */
class SystemMonitorIntegrationTest {
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("");
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void outsideTrafficIsCountedInTheStatusLine() {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(bootstrap, TOPICS.all(), 2);
      // Before the monitor starts: not part of its run.
      KafkaTestSupport.send(bootstrap, TOPICS.transactions(), payments(0, 3));

      try (SystemMonitor monitor =
          new SystemMonitor(KafkaClients.plaintext(bootstrap), TOPICS).start()) {
        KafkaTestSupport.send(bootstrap, TOPICS.transactions(), payments(3, 40));
        KafkaTestSupport.send(bootstrap, TOPICS.predictions(), predictions(25));

        await()
            .atMost(DEADLINE)
            .until(() -> monitor.eventsIn() == 40 && monitor.predictions() == 25);
        StatusReport report = StatusReport.of(monitor, new Histogram(3), 0);
        assertThat(report.events()).isEqualTo(40);
        assertThat(report.predictions()).isEqualTo(25);
        assertThat(report.statusLine(5)).contains("events in 40 | predictions out 25");
      }
    }
  }

  /** Any bytes count: a record is an event in whether or not ingest can read it. */
  private static List<Map.Entry<String, byte[]>> payments(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(
            i ->
                Map.entry(
                    "card-" + i,
                    ("{\"eventId\":\"x-" + i + "\"}").getBytes(StandardCharsets.UTF_8)))
        .toList();
  }

  private static List<Map.Entry<String, Prediction>> predictions(int count) {
    long now = System.currentTimeMillis();
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                Map.entry(
                    "x-" + i,
                    Prediction.newBuilder()
                        .setEventId("x-" + i)
                        .setEntityId("card-" + i)
                        .setScore(0.1)
                        .setDecision("APPROVE")
                        .setThreshold(0.5)
                        .setModelName("outside")
                        .setModelVersion(1)
                        .setFallback(false)
                        .setEventTime(now)
                        .setIngestTime(now)
                        .setFeatureTime(now)
                        .setScoredTime(now)
                        .build()))
        .toList();
  }
}
