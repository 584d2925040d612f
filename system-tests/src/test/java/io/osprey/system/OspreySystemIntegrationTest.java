package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.osprey.console.ConsoleSettings;
import io.osprey.ingest.IngestSettings;
import io.osprey.model.registry.ModelRegistry;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.Prediction;
import io.osprey.scoring.ScoringSettings;
import io.osprey.sources.replay.EpochUnit;
import io.osprey.sources.replay.EventOrder;
import io.osprey.sources.replay.EventTime;
import io.osprey.sources.replay.FileFormat;
import io.osprey.sources.replay.Replay;
import io.osprey.sources.replay.ReplayDataset;
import io.osprey.sources.replay.ReplayPlan;
import io.osprey.sources.replay.ReplayProgress;
import io.osprey.sources.replay.ReplaySlice;
import io.osprey.sources.replay.ReplaySummary;
import io.osprey.sources.simulator.SimulatorConfig;
import io.osprey.sources.simulator.SimulatorRunner;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.testing.TopicReader;
import io.osprey.trainer.TrainerSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system, as {@code ./osprey demo} runs it: a few thousand simulated payments with some
 * malformed records among them go in; every one must come out as a prediction or a dead letter, a
 * model must be trained and published, and predictions made after it is served must name it.
 *
 * <p>The broker runs secured ({@code demo.kafka.secured}): SASL/SCRAM logins and ACLs, each
 * component logged in as its own user, so this also proves that every component works with only the
 * rights {@link OspreyPrincipals} grants it; the test itself reads as the super user. The unsecured
 * path differs only in the broker's listener and is what every other integration test runs on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OspreySystemIntegrationTest {
  private static final int FIRST_WAVE = 2_500;
  private static final int SECOND_WAVE = 500;
  private static final int REPLAYED = 40;
  private static final Duration SYSTEM_DEADLINE = Duration.ofMinutes(4);

  private static OspreySystem system;

  @BeforeAll
  static void startSystem() throws Exception {
    Path dataDir = Files.createTempDirectory("osprey-e2e-");
    Settings settings =
        Settings.empty()
            .with(DemoSettings.DATA_DIR, dataDir.toString())
            .with(DemoSettings.KAFKA_PORT, 0)
            .with(DemoSettings.KAFKA_SECURED, true)
            .with(DemoSettings.MONITOR_METRICS_PORT, 0)
            .with(DemoSettings.FLINK_METRICS_PORT, 0)
            .with(ScoringSettings.METRICS_PORT, 0)
            .with(ScoringSettings.HTTP_PORT, 0)
            .with(TrainerSettings.METRICS_PORT, 0)
            .with(ConsoleSettings.PORT, 0)
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofSeconds(10))
            .with(TrainerSettings.PUBLISH_EVERY_EXAMPLES, 256)
            .with(SimulatorSettings.MAX_EVENTS, (long) FIRST_WAVE)
            .with(SimulatorSettings.RATE, 500.0)
            .with(SimulatorSettings.FRAUD_RATE, 0.02)
            .with(SimulatorSettings.MALFORMED_RATE, 0.01)
            .with(SimulatorSettings.LABEL_DELAY, Duration.ofSeconds(1));
    system = OspreySystem.start(settings);
  }

  @AfterAll
  static void stopSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void everyRecordEndsAsAPredictionOrADeadLetter() {
    SimulatorRunner simulator = system.simulator();
    await().atMost(SYSTEM_DEADLINE).until(simulator::finished);
    assertThat(simulator.eventsSent()).isEqualTo(FIRST_WAVE);
    assertThat(simulator.malformedSent()).isPositive();

    String wave = simulator.eventIdPrefix();
    List<ConsumerRecord<String, Prediction>> predictions =
        KafkaTestSupport.readUntil(
            system.superUserClients(),
            system.topics().predictions(),
            records -> eventIds(records, wave).size() >= FIRST_WAVE,
            SYSTEM_DEADLINE);
    List<ConsumerRecord<byte[], DeadLetter>> deadLetters =
        KafkaTestSupport.readUntil(
            system.superUserClients(),
            system.topics().deadLetters(),
            records -> rejectedPayments(records).size() >= simulator.malformedSent(),
            SYSTEM_DEADLINE);

    assertThat(simulator.sendFailures()).isZero();
    assertThat(eventIds(predictions, wave)).hasSize(FIRST_WAVE);
    assertThat(rejectedPayments(deadLetters)).hasSize((int) simulator.malformedSent());
    assertThat(deadLetters).allSatisfy(d -> assertThat(d.value().getReason()).isNotBlank());
  }

  @Test
  @Order(2)
  void aModelIsTrainedPublishedAndThenNamedByPredictions() {
    List<ConsumerRecord<String, ModelEnvelope>> models =
        KafkaTestSupport.readAtLeast(system.superUserClients(), system.topics().models(), 1);
    assertThat(models.get(0).value().getVersion()).isPositive();

    await().atMost(SYSTEM_DEADLINE).until(() -> system.servedModelVersion() >= 1);
    long servedVersion = system.servedModelVersion();

    String wave;
    try (SimulatorRunner secondWave =
        new SimulatorRunner(
            system.clients(OspreyPrincipals.PRODUCER),
            system.topics(),
            SimulatorConfig.from(
                Settings.empty()
                    .with(SimulatorSettings.MAX_EVENTS, (long) SECOND_WAVE)
                    .with(SimulatorSettings.RATE, 500.0)
                    .with(SimulatorSettings.MALFORMED_RATE, 0.0)
                    .with(SimulatorSettings.SEED, 99L)))) {
      wave = secondWave.eventIdPrefix();
      secondWave.start();
      await().atMost(SYSTEM_DEADLINE).until(secondWave::finished);
    }

    List<Prediction> afterPublication =
        KafkaTestSupport.readUntil(
                system.superUserClients(),
                system.topics().predictions(),
                records -> eventIds(records, wave).size() >= SECOND_WAVE,
                SYSTEM_DEADLINE)
            .stream()
            .map(ConsumerRecord::value)
            .filter(p -> p.getEventId().startsWith(wave))
            .toList();

    assertThat(afterPublication.stream().map(Prediction::getEventId).distinct())
        .hasSize(SECOND_WAVE);
    assertThat(afterPublication)
        .allSatisfy(
            p -> {
              assertThat(p.getFallback()).isFalse();
              assertThat(p.getModelVersion()).isGreaterThanOrEqualTo(servedVersion);
            });
  }

  @Test
  @Order(3)
  void theCliAndAReplayWorkWithTheirOwnCredentials(@TempDir Path dir) throws Exception {
    try (ModelRegistry cli = ModelRegistry.connect(system.clientSettings(OspreyPrincipals.CLI))) {
      assertThat(cli.versions()).isNotEmpty();
    }

    Path payments = dir.resolve("payments.jsonl");
    long now = System.currentTimeMillis();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < REPLAYED; i++) {
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              "{\"cardId\":\"replay-card-%d\",\"merchantId\":\"m%d\",\"merchantCategory\":\"5411\","
                  + "\"amount\":%d.5,\"currency\":\"EUR\",\"country\":\"DE\",\"channel\":\"POS\","
                  + "\"eventTime\":%d}",
              i % 7,
              i % 3,
              10 + i,
              now + i));
    }
    Files.write(payments, lines);
    ReplayDataset dataset =
        new ReplayDataset(
            "secured-replay",
            payments,
            FileFormat.JSON,
            null,
            "cardId",
            new EventTime.FromColumn("eventTime", EpochUnit.MILLIS),
            null,
            null,
            List.of(),
            EventOrder.SORTED);
    ReplaySummary summary =
        new Replay(
                new ReplayPlan(dataset, "secured-replay", ReplaySlice.ALL, ReplayPlan.MAX_SPEED),
                system.clientSettings(OspreyPrincipals.PRODUCER),
                new ReplayProgress(
                    new PrintStream(OutputStream.nullOutputStream()),
                    ReplayProgress.Mode.LINES,
                    dataset.name()))
            .run();

    assertThat(summary.events()).isEqualTo(REPLAYED);
    List<ConsumerRecord<String, Prediction>> predictions =
        KafkaTestSupport.readUntil(
            system.superUserClients(),
            system.topics().predictions(),
            records -> eventIds(records, "secured-replay").size() >= REPLAYED,
            SYSTEM_DEADLINE);
    assertThat(eventIds(predictions, "secured-replay")).hasSize(REPLAYED);
  }

  /**
   * The demo's listeners (broker, Flink, metrics, scorer HTTP, console): none reachable from
   * outside.
   */
  @Test
  @Order(4)
  void everyListenerOfTheSystemBindsLoopback() throws Exception {
    List<ListeningSockets.Listener> listeners = ListeningSockets.ofThisProcess();
    System.out.println("OspreySystemIntegrationTest: listening on " + listeners);

    assertThat(listeners).isNotEmpty();
    assertThat(listeners)
        .allSatisfy(
            listener ->
                assertThat(listener.loopback())
                    .as("%s is reachable from other machines", listener)
                    .isTrue());
  }

  /**
   * Issue 11's hostile-input campaign, through the real pipeline of this same system (started once
   * for the suite): each kind of hostile record once, then the two poison payments. Every record
   * must be accounted for, the status line must count them as events in, and the system must go on
   * scoring and training afterwards.
   */
  @Test
  @Order(5)
  void hostileInputIsAccountedForAndTheSystemGoesOnScoring() throws Exception {
    KafkaClients bootstrap = system.superUserClients();
    long eventsInBefore = system.monitor().eventsIn();
    long now = System.currentTimeMillis();
    List<HostileInputCampaign.Hostile> hostile = HostileInputCampaign.records("hostile-", now, 11);
    List<Sent> sent = send(bootstrap, hostile);

    await()
        .atMost(SYSTEM_DEADLINE)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(unaccounted(bootstrap, sent)).isEmpty());
    // The duplicate event id: scored once, for its first card, never again for the second.
    Set<String> sharedEntities =
        readPredictions(bootstrap).stream()
            .filter(p -> p.getEventId().equals("hostile-shared"))
            .map(Prediction::getEntityId)
            .collect(Collectors.toSet());
    assertThat(sharedEntities).as("cards scored under one event id").containsExactly("card-h6");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> system.monitor().eventsIn() >= eventsInBefore + hostile.size());

    long versionBefore = system.publishedModelVersion();
    List<Sent> poison = send(bootstrap, HostileInputCampaign.poison("poison-", now));
    String wave;
    try (SimulatorRunner after =
        new SimulatorRunner(
            bootstrap,
            system.topics(),
            SimulatorConfig.from(
                Settings.empty()
                    .with(SimulatorSettings.MAX_EVENTS, 1_000L)
                    .with(SimulatorSettings.RATE, 500.0)
                    .with(SimulatorSettings.FRAUD_RATE, 0.02)
                    .with(SimulatorSettings.MALFORMED_RATE, 0.0)
                    .with(SimulatorSettings.LABEL_DELAY, Duration.ofSeconds(1))
                    .with(SimulatorSettings.SEED, 123L)))) {
      wave = after.eventIdPrefix();
      after.start();
      await().atMost(SYSTEM_DEADLINE).until(after::finished);
    }
    await()
        .atMost(SYSTEM_DEADLINE)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(unaccounted(bootstrap, poison)).isEmpty());
    List<Prediction> afterPoison =
        KafkaTestSupport.readUntil(
                bootstrap,
                system.topics().predictions(),
                records -> eventIds(records, wave).size() >= 1_000,
                SYSTEM_DEADLINE)
            .stream()
            .map(ConsumerRecord::value)
            .filter(p -> p.getEventId().startsWith("poison-") || p.getEventId().startsWith(wave))
            .toList();
    assertThat(afterPoison).allSatisfy(p -> assertThat(p.getScore()).isBetween(0.0, 1.0));
    assertThat(system.problem()).isEmpty();
    // The trainer took the poison example among the matured ones and went on publishing.
    await().atMost(SYSTEM_DEADLINE).until(() -> system.publishedModelVersion() > versionBefore);
  }

  /** A hostile record as the broker stored it. */
  private record Sent(HostileInputCampaign.Hostile record, int partition, long offset) {
    String source() {
      return partition + "@" + offset;
    }
  }

  private static List<Sent> send(KafkaClients bootstrap, List<HostileInputCampaign.Hostile> records)
      throws Exception {
    List<Sent> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            hostileProducerConfig(bootstrap),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (HostileInputCampaign.Hostile record : records) {
        // One at a time, in order: the poison pair must reach its card in this order.
        RecordMetadata stored =
            producer
                .send(
                    new ProducerRecord<>(
                        system.topics().transactions().name(), record.key(), record.value()))
                .get();
        sent.add(new Sent(record, stored.partition(), stored.offset()));
      }
    }
    return sent;
  }

  private static Map<String, Object> hostileProducerConfig(KafkaClients kafka) {
    Map<String, Object> config = kafka.producer("osprey-hostile-campaign");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 3 * 1024 * 1024);
    return config;
  }

  /** The kinds not yet accounted for as they must be, with what is missing. */
  private static List<String> unaccounted(KafkaClients bootstrap, List<Sent> sent) {
    Set<String> predicted =
        readPredictions(bootstrap).stream().map(Prediction::getEventId).collect(Collectors.toSet());
    Set<String> deadLettered =
        TopicReader.readAll(bootstrap, system.topics().deadLetters().name()).stream()
            .map(r -> system.topics().deadLetters().deserializeValue(r.value()))
            .filter(d -> d.getSourceTopic().equals(system.topics().transactions().name()))
            .filter(d -> !d.getReason().isBlank())
            .map(d -> d.getSourcePartition() + "@" + d.getSourceOffset())
            .collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (Sent s : sent) {
      boolean prediction = s.record().eventId() != null && predicted.contains(s.record().eventId());
      boolean deadLetter = deadLettered.contains(s.source());
      boolean accounted =
          switch (s.record().outcome()) {
            case DEAD_LETTER -> deadLetter;
            case PREDICTION -> prediction;
            case PREDICTION_OR_DEAD_LETTER -> prediction || deadLetter;
            case DUPLICATE -> true; // checked once the others are in: no second card's prediction
          };
      if (!accounted) {
        missing.add(s.record().kind() + " (" + s.record().outcome() + ", " + s.source() + ")");
      }
    }
    return missing;
  }

  private static List<Prediction> readPredictions(KafkaClients bootstrap) {
    return TopicReader.readAll(bootstrap, system.topics().predictions().name()).stream()
        .map(r -> system.topics().predictions().deserializeValue(r.value()))
        .toList();
  }

  private static Set<String> eventIds(
      List<ConsumerRecord<String, Prediction>> records, String eventIdPrefix) {
    return records.stream()
        .map(r -> r.value().getEventId())
        .filter(id -> id.startsWith(eventIdPrefix))
        .collect(Collectors.toSet());
  }

  /**
   * Dead letters of payments, one per source record: labels can be dead-lettered too (a label after
   * maturity), and an at-least-once replay may repeat a dead letter.
   */
  private static Set<String> rejectedPayments(List<ConsumerRecord<byte[], DeadLetter>> records) {
    return records.stream()
        .map(ConsumerRecord::value)
        .filter(d -> d.getSourceTopic().equals(system.topics().transactions().name()))
        .map(d -> d.getSourcePartition() + "@" + d.getSourceOffset())
        .collect(Collectors.toSet());
  }
}
