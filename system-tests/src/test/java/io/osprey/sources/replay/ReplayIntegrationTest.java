package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.schema.Label;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.sources.replay.ReplayFiles.Flight;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against a real broker: what lands on {@code transactions} and {@code labels}, in which
 * order, for each file format and the two presets' rules.
 */
class ReplayIntegrationTest {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonCodec<Label> LABELS = JsonCodec.of(Label.class);
  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir Path dir;

  private Settings settings;
  private OspreyTopics topics;
  private ByteArrayOutputStream console;

  /** Each test replays into topics of its own, with one partition so that order is global. */
  @BeforeEach
  void ownTopics() {
    String prefix = "replay" + RUNS.incrementAndGet() + ".";
    settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, prefix)
            .with(CommonSettings.TOPIC_PARTITIONS, 1);
    topics = CommonSettings.topics(settings);
    console = new ByteArrayOutputStream();
  }

  private ReplaySummary replay(ReplayPlan plan) {
    return replayer(plan).run();
  }

  private Replay replayer(ReplayPlan plan) {
    ReplayProgress progress =
        new ReplayProgress(
            new PrintStream(console, true, StandardCharsets.UTF_8),
            ReplayProgress.Mode.LINES,
            plan.dataset().name());
    return new Replay(plan, settings, progress);
  }

  /** A record read back: its JSON value, key and Kafka timestamp (the time it was sent). */
  private record Sent(String key, JsonNode value, long sentAt) {}

  private List<Sent> events(int count) {
    return SentRecords.readAtLeast(kafka.bootstrapServers(), topics.transactions(), count).stream()
        .map(r -> new Sent(r.key(), json(r.value()), r.timestamp()))
        .toList();
  }

  private List<ConsumerRecord<String, byte[]>> labelRecords(int count) {
    return SentRecords.readAtLeast(kafka.bootstrapServers(), topics.labels(), count);
  }

  private List<Label> labels(int count) {
    return labelRecords(count).stream().map(r -> LABELS.decode(r.value())).toList();
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void flightsFromParquetAreSentInDepartureOrderWithoutTheirDelayAndLabelledOnArrival()
      throws Exception {
    List<Flight> flights =
        List.of(
            new Flight("2001-01-01T00:01", 33L, 2176L, "LAS", "PHL"),
            new Flight("2001-01-01T00:01", 19L, 215L, "ATL", "SAV"),
            new Flight("2001-01-01T00:05", -150L, 100L, "MCI", "MDW"),
            new Flight("2001-01-01T00:10", 15L, 405L, "LAS", "SFO"),
            new Flight("2001-01-01T00:12", 3L, null, "BOS", "JFK"), // bad: no distance
            new Flight("2001-01-01T01:00", 0L, 800L, "SFO", "SEA"));
    Path file = ReplayFiles.parquet(dir.resolve("flights.parquet"), flights);
    ReplayDataset dataset = Presets.flights(dir).withFile(file, FileFormat.PARQUET);

    ReplaySummary summary = replay(ReplayPlan.flatOut(dataset));

    assertThat(summary.events()).isEqualTo(5);
    assertThat(summary.badRows()).isEqualTo(1);
    assertThat(summary.labels()).isEqualTo(5);
    assertThat(summary.positives()).isEqualTo(2); // 33 and 19 minutes late; 15 is not > 15
    List<Sent> events = events(5);
    assertThat(events)
        .extracting(e -> e.value().get("eventId").asText())
        .containsExactly("flights-1", "flights-2", "flights-3", "flights-4", "flights-6");
    assertThat(events).extracting(Sent::key).containsExactly("LAS", "ATL", "MCI", "LAS", "SFO");
    assertThat(events).allSatisfy(e -> assertThat(e.value().has("delay")).isFalse());
    assertThat(events.get(0).value().get("date").asLong())
        .isEqualTo(Instant.parse("2001-01-01T00:01:00Z").toEpochMilli());
    assertThat(events.get(0).value().get("destination").asText()).isEqualTo("PHL");

    Map<String, Label> byEvent =
        labels(5).stream().collect(Collectors.toMap(Label::getEventId, Function.identity()));
    for (int row : new int[] {1, 2, 3, 4, 6}) {
      Flight flight = flights.get(row - 1);
      Label label = byEvent.get("flights-" + row);
      long arrival =
          flight.departureMillis()
              + Duration.ofMinutes(30).toMillis()
              + Math.round((flight.distance() / 8.0 + flight.delay()) * 60_000);
      assertThat(label.getLabelTime())
          .as("label time of row %d", row)
          .isEqualTo(Math.max(flight.departureMillis(), arrival));
      assertThat(label.getFraud()).isEqualTo(flight.delay() > 15);
      assertThat(label.getSource()).isEqualTo("flights");
    }
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("skipped row 5 of flights.parquet: missing value for 'distance'")
        .contains("replay flights done: 5 events, 5 labels (2 positive), 1 bad rows skipped");
  }

  @Test
  void sensorReadingsGroupedByMoteAreReplayedInTimeOrderAndLabelsInterleaveByLabelTime()
      throws Exception {
    // Grouped by mote as in the real file; 1 s steps, labels 2.5 s later, sent at 10x.
    Path file =
        ReplayFiles.lines(
            dir.resolve("sensors.csv"),
            "reading,mote_id,indoor,humidity,temperature,label",
            "1,1,1,45.93,27.97,0",
            "2,1,1,45.90,27.95,1",
            "3,1,1,45.90,27.96,0",
            "4,1,1,45.93,27.95,0",
            "1,2,0,40.10,20.50,0",
            "2,2,0,40.20,20.40,0",
            "3,2,0,40.30,,0",
            "4,2,0,40.40,20.30,1");
    ReplayDataset dataset =
        Presets.sensors(dir)
            .withFile(file, FileFormat.CSV)
            .withEventTime(
                new EventTime.Synthesized(
                    "reading", Presets.SENSOR_BASE, Duration.ofSeconds(1), "time"))
            .withLabelTime(new LabelTime.AfterDelay(Duration.ofMillis(2_500)));
    double speed = 10;

    ReplaySummary summary = replay(new ReplayPlan(dataset, "s", ReplaySlice.ALL, speed));

    assertThat(summary.events()).isEqualTo(7);
    assertThat(summary.badRows()).isEqualTo(1); // mote 2's third reading has no temperature
    List<Sent> events = events(7);
    List<Long> times = events.stream().map(e -> e.value().get("time").asLong()).toList();
    assertThat(times).isSorted();
    assertThat(events).extracting(Sent::key).containsExactly("1", "2", "1", "2", "1", "1", "2");
    assertThat(events).allSatisfy(e -> assertThat(e.value().has("label")).isFalse());
    assertThat(events.get(0).value().get("time").asLong())
        .isEqualTo(Presets.SENSOR_BASE.toEpochMilli());

    List<ConsumerRecord<String, byte[]>> labelRecords = labelRecords(7);
    List<Label> labels = labelRecords.stream().map(r -> LABELS.decode(r.value())).toList();
    assertThat(labels).extracting(Label::getLabelTime).isSorted();
    assertThat(labels.stream().filter(Label::getFraud).map(Label::getEventId))
        .containsExactlyInAnyOrder("s-2", "s-8");
    Map<String, Long> eventTimes =
        events.stream()
            .collect(
                Collectors.toMap(
                    e -> e.value().get("eventId").asText(), e -> e.value().get("time").asLong()));
    // Sends happen on one thread, so Kafka timestamps follow the send order across both topics: a
    // label went out after every event before its label time, and before every event after it.
    for (ConsumerRecord<String, byte[]> labelRecord : labelRecords) {
      Label label = LABELS.decode(labelRecord.value());
      assertThat(label.getLabelTime()).isEqualTo(eventTimes.get(label.getEventId()) + 2_500);
      for (Sent event : events) {
        long eventTime = event.value().get("time").asLong();
        if (eventTime < label.getLabelTime()) {
          assertThat(labelRecord.timestamp()).isGreaterThanOrEqualTo(event.sentAt());
        } else {
          assertThat(labelRecord.timestamp()).isLessThanOrEqualTo(event.sentAt());
        }
      }
    }
    // Pacing: the 5.5 s from the first event to the last label take about 5.5 / 20 s.
    long eventTimeSpan = labels.get(labels.size() - 1).getLabelTime() - times.get(0);
    long wallSpan = labelRecords.get(labelRecords.size() - 1).timestamp() - events.get(0).sentAt();
    assertThat(wallSpan).isGreaterThanOrEqualTo((long) (eventTimeSpan / speed * 0.8));
    assertThat(summary.elapsed()).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void jsonLinesWithAnIdColumnAndALimitSendTheEarliestEvents() throws Exception {
    Path file =
        ReplayFiles.lines(
            dir.resolve("payments.jsonl"),
            "{\"txId\":\"t5\",\"card\":\"c1\",\"ts\":1700000050,\"amount\":5.0,\"fraud\":false}",
            "{\"txId\":\"t1\",\"card\":\"c2\",\"ts\":1700000010,\"amount\":1.5,\"fraud\":true}",
            "not json at all",
            "{\"txId\":\"t3\",\"card\":\"c1\",\"ts\":1700000030,\"amount\":3.0,\"fraud\":false}",
            "{\"txId\":\"t2\",\"ts\":1700000020,\"amount\":2.0,\"fraud\":false}",
            "{\"txId\":\"t4\",\"card\":\"c3\",\"ts\":1700000040,\"amount\":4.0,\"fraud\":true}");
    ReplayDataset dataset =
        new ReplayDataset(
            "payments",
            file,
            FileFormat.JSON,
            "txId",
            "card",
            new EventTime.FromColumn("ts", EpochUnit.SECONDS),
            LabelRule.parse("fraud", null),
            new LabelTime.AfterDelay(Duration.ofDays(1)),
            List.of(),
            EventOrder.SORT);

    ReplaySummary summary =
        replay(new ReplayPlan(dataset, null, ReplaySlice.firstRows(3), ReplayPlan.MAX_SPEED));

    assertThat(summary.events()).isEqualTo(3);
    assertThat(summary.badRows()).isEqualTo(2); // the malformed line, t2 without a card
    List<Sent> events = events(3);
    assertThat(events)
        .extracting(e -> e.value().get("txId").asText())
        .containsExactly("t1", "t3", "t4");
    assertThat(events.get(0).value().get("ts").asLong()).isEqualTo(1_700_000_010_000L);
    assertThat(events).allSatisfy(e -> assertThat(e.value().has("fraud")).isFalse());
    assertThat(events).allSatisfy(e -> assertThat(e.value().has("eventId")).isFalse());
    List<Label> labels = labels(3);
    assertThat(labels).extracting(Label::getEventId).containsExactly("t1", "t3", "t4");
    assertThat(labels).extracting(Label::getFraud).containsExactly(true, false, true);
    assertThat(labels.get(0).getLabelTime())
        .isEqualTo(1_700_000_010_000L + Duration.ofDays(1).toMillis());
  }

  @Test
  void aStoppedReplayFlushesWhatItSentAndSaysSo() throws Exception {
    List<String> lines = new ArrayList<>(List.of("id,t"));
    for (int i = 0; i < 600; i++) {
      lines.add("e" + i + "," + (1_600_000_000_000L + i * 1_000L));
    }
    Path file = ReplayFiles.lines(dir.resolve("slow.csv"), lines.toArray(String[]::new));
    ReplayDataset dataset =
        new ReplayDataset(
            "slow",
            file,
            FileFormat.CSV,
            "id",
            "id",
            new EventTime.FromColumn("t", EpochUnit.MILLIS),
            null,
            null,
            List.of(),
            EventOrder.SORTED);
    // 10 events a second: the whole file would take a minute.
    Replay replay = replayer(new ReplayPlan(dataset, null, ReplaySlice.ALL, 10));
    CompletableFuture<ReplaySummary> running = CompletableFuture.supplyAsync(replay::run);
    events(3); // it is under way

    replay.stop();
    ReplaySummary summary = running.get(30, TimeUnit.SECONDS);

    assertThat(summary.stopped()).isTrue();
    assertThat(summary.events()).isBetween(3L, 599L);
    assertThat(events((int) summary.events())).hasSize((int) summary.events());
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("replay slow stopped: ");
  }

  @Test
  void aFileOutOfOrderIsRefusedWhenStreamed() throws Exception {
    Path file = ReplayFiles.lines(dir.resolve("u.csv"), "id,t", "a,2000", "b,1000");
    ReplayDataset dataset =
        new ReplayDataset(
            "u",
            file,
            FileFormat.CSV,
            "id",
            "id",
            new EventTime.FromColumn("t", EpochUnit.MILLIS),
            null,
            null,
            List.of(),
            EventOrder.SORTED);

    assertThatThrownBy(() -> replay(ReplayPlan.flatOut(dataset)))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("not in event-time order");
  }
}
