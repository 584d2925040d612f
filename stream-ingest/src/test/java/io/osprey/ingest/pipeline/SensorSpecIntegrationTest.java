package io.osprey.ingest.pipeline;

import static io.osprey.ingest.Fixtures.DATASET_SPECS;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.JobMetrics;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A spec other than payments through the real job: the sensor dataset's spec
 * (deploy/specs/sensors.yaml), set with {@code features.spec} like a user would, on a MiniCluster
 * (parallelism 2) without a broker ({@link PipelineRun}). Readings come shaped as the replay tool
 * writes them. No code knows about sensors: the spec alone decides fields, validation and features.
 */
class SensorSpecIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int MOTES = 4;
  private static final int READINGS_PER_MOTE = 30;
  private static final long STEP = Duration.ofSeconds(30).toMillis();
  private static final Path SPEC_FILE = DATASET_SPECS.resolve("sensors.yaml");
  private static final FeatureSpec SPEC = FeatureSpecs.load(SPEC_FILE.toString());

  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final MiniClusterExtension FLINK = METRICS.miniCluster(PARALLELISM);

  @Test
  void theSensorSpecDrivesTheJobEndToEnd() throws Exception {
    Settings settings =
        Settings.empty()
            .with(CommonSettings.FEATURE_SPEC, SPEC_FILE.toString())
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofSeconds(3))
            .with(IngestSettings.CHECKPOINT_INTERVAL, Duration.ofSeconds(2))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);

    // Each mote reads every 30 s over the last 15 minutes, keyed by mote as the replay does; one
    // in ten readings of mote 1 is an anomaly, labelled as such.
    long start = System.currentTimeMillis() - Duration.ofMinutes(15).toMillis();
    List<Map.Entry<String, byte[]>> readings = new ArrayList<>();
    List<Map.Entry<String, byte[]>> labels = new ArrayList<>();
    for (int i = 0; i < READINGS_PER_MOTE; i++) {
      for (int mote = 1; mote <= MOTES; mote++) {
        String id = "sensors-" + mote + "-" + i;
        boolean anomaly = mote == 1 && i % 10 == 9;
        double humidity = anomaly ? 95.0 : 40 + mote + (i % 3);
        readings.add(reading(id, mote, i, humidity, 20 + mote * 0.5, start + i * STEP));
        if (mote == 1) {
          labels.add(Map.entry(id, utf8(labelJson(id, anomaly, start + i * STEP))));
        }
      }
    }
    int valid = readings.size();
    // Broken readings: each rule of the spec, and bytes that are no reading at all.
    List<Map.Entry<String, byte[]>> broken =
        List.of(
            Map.entry("9", utf8("{\"eventId\":\"bad-1\",\"mote_id\":9}")),
            Map.entry("9", utf8(readingJson("bad-2", 9, 1, "\"x\"", 20, start))),
            Map.entry(
                "9",
                utf8(
                    readingJson("bad-3", 9, 1, "50", 20, start)
                        .replace("\"indoor\":1", "\"indoor\":2"))),
            Map.entry("9", utf8(readingJson("bad-4", 9, 1, "50", 20, start / 1000))),
            Map.entry("9", utf8("temperature=21")));
    List<Map.Entry<String, byte[]>> all = new ArrayList<>(readings);
    all.addAll(broken);
    all.add(readings.get(5)); // a repeat: counted as a duplicate

    try (PipelineRun run = PipelineRun.start("sensors", settings, PARALLELISM)) {
      run.transactions().sendAll(all);
      run.labels().sendAll(labels);

      JobMetrics.await(() -> assertThat(run.features()).hasSizeGreaterThanOrEqualTo(valid));
      List<FeatureRow> vectors = run.features();
      assertThat(vectors).hasSize(valid);
      assertThat(vectors)
          .allSatisfy(
              v -> {
                assertThat(v.specHash).isEqualTo(SPEC.hash());
                assertThat(v.values).hasSize(SPEC.layout().size());
                assertThat(Arrays.stream(v.values)).allSatisfy(x -> assertThat(x).isFinite());
              });

      // Per mote: the i-th reading saw the readings of the ten minutes before it (19 at one every
      // 30 s, fewer at the start).
      int readingsColumn = SPEC.layout().names().indexOf("readings_10m");
      int humidityColumn = SPEC.layout().names().indexOf("humidity");
      int zscoreColumn = SPEC.layout().names().indexOf("humidity_zscore_10m");
      Map<String, List<FeatureRow>> byMote =
          vectors.stream()
              .filter(v -> !v.late) // scored with pruned history (see the late policy)
              .collect(Collectors.groupingBy(v -> v.entityId));
      assertThat(byMote).containsOnlyKeys("1", "2", "3", "4");
      byMote.forEach(
          (mote, list) ->
              list.forEach(
                  v -> {
                    long i = (v.eventTime - start) / STEP;
                    assertThat(v.values[readingsColumn])
                        .as("mote " + mote + " reading " + i)
                        .isEqualTo((double) Math.min(i, 19));
                  }));
      FeatureRow anomaly =
          vectors.stream().filter(v -> v.eventId.equals("sensors-1-19")).findFirst().orElseThrow();
      assertThat(anomaly.values[humidityColumn]).isEqualTo(95.0);
      assertThat(anomaly.values[zscoreColumn])
          .as("an anomaly stands out from its mote's own recent readings")
          .isGreaterThan(3);

      JobMetrics.await(
          () -> assertThat(run.deadLetters()).hasSizeGreaterThanOrEqualTo(broken.size()));
      List<String> reasons =
          run.deadLetters().stream().map(d -> d.stage + ": " + d.reason).toList();
      assertThat(reasons)
          .hasSize(broken.size())
          .contains(
              "parse: missing required field 'time'",
              "parse: humidity: expected a finite number, got string \"x\"",
              "validate: indoor: expected a value >= 0 and <= 1, got 2",
              "validate: time: "
                  + start / 1000
                  + " is before 2000-01-01, the earliest plausible time (seconds instead of"
                  + " milliseconds read as 1970; older history: set ingest.time.earliest)")
          .anySatisfy(r -> assertThat(r).startsWith("parse: malformed JSON"));

      // Labels join as for payments: mote 1's readings mature with their labels.
      JobMetrics.await(() -> assertThat(run.trainingExamples()).hasSizeGreaterThanOrEqualTo(valid));
      List<Example> examples = run.trainingExamples();
      assertThat(examples).hasSize(valid);
      assertThat(examples)
          .filteredOn(e -> e.fraud)
          .extracting(e -> e.features.eventId)
          .containsExactlyInAnyOrder("sensors-1-9", "sensors-1-19", "sensors-1-29");

      // The ledger adds up with any spec.
      JobID id = run.jobId();
      JobMetrics.await(
          () -> {
            long in = METRICS.count(id, "parse-transactions", "recordsIn");
            assertThat(in).isEqualTo(all.size());
            assertThat(
                    List.of(
                        METRICS.count(id, "entity-features", "featuresOut"),
                        METRICS.count(id, "parse-transactions", "deadLetters"),
                        METRICS.count(id, "dedupe", "duplicates")))
                .containsExactly((long) valid, (long) broken.size(), 1L);
          });
    }
  }

  private static Map.Entry<String, byte[]> reading(
      String id, int mote, int i, double humidity, double temperature, long time) {
    return Map.entry(
        Integer.toString(mote),
        utf8(readingJson(id, mote, i + 1, Double.toString(humidity), temperature, time)));
  }

  /** A reading as the replay writes a row of the dataset's CSV (mote id as a number). */
  private static String readingJson(
      String id, int mote, int reading, String humidity, double temperature, long time) {
    return String.format(
        Locale.ROOT,
        "{\"reading\":%d,\"mote_id\":%d,\"indoor\":1,\"humidity\":%s,\"temperature\":%s,"
            + "\"time\":%d,\"eventId\":\"%s\"}",
        reading,
        mote,
        humidity,
        temperature,
        time,
        id);
  }
}
