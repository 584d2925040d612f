package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.file.FileEndpoints;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic card-payments spec (deploy/specs/card-payments.yaml) over a history shaped as {@code
 * ./osprey replay --file payments.csv --id-column transaction_id ... --label-delay 7d} writes it
 * (numeric ids and amounts as JSON numbers, the time in epoch milliseconds, every label 7 days of
 * event time after its payment), replayed as a backfill: every payment gets a vector, and the
 * terminal's fraud rate counts only the labels known before each payment.
 */
class CardPaymentsSpecIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final Path SPEC = Fixtures.DATASET_SPECS.resolve("card-payments.yaml");
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long LABEL_DELAY = 7 * DAY;
  private static final long T0 = Instant.parse("2018-04-01T00:00:31Z").toEpochMilli();

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  /** One row of the CSV. Terminal 3156 is compromised: its payments of days 2 to 9 are fraud. */
  private record Row(long id, long customer, long terminal, long t, double amount, boolean fraud) {
    String json() {
      return String.format(
          Locale.ROOT,
          "{\"transaction_id\":%d,\"customer_id\":%d,\"terminal_id\":%d,\"tx_datetime\":%d,"
              + "\"tx_amount\":%s}",
          id,
          customer,
          terminal,
          t,
          Double.toString(amount));
    }

    String label() {
      return Fixtures.labelJson(Long.toString(id), fraud, t + LABEL_DELAY);
    }
  }

  @Test
  void aReplayedCardHistoryGetsVectorsWithTheTerminalsKnownFraudOnly(@TempDir Path dir)
      throws Exception {
    FeatureSpec spec = FeatureSpecs.load(SPEC.toString());
    List<Row> rows = history();
    Path transactions = dir.resolve("transactions.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    Files.write(transactions, rows.stream().map(Row::json).toList());
    Files.write(labels, rows.stream().map(Row::label).toList());

    Settings settings =
        Settings.empty()
            .with(CommonSettings.FEATURE_SPEC, SPEC.toString())
            .with(IngestSettings.MODE, Mode.BATCH)
            .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
            .with(IngestSettings.MATURITY_WINDOW, Duration.ofDays(8))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
    CollectingSink<FeatureRow> features = new CollectingSink<>("features-card-payments");
    CollectingSink<Example> examples = new CollectingSink<>("examples-card-payments");
    CollectingSink<Rejected> deadLetters = new CollectingSink<>("dead-letters-card-payments");
    IngestJob job =
        new IngestJob(
            new IngestSources(
                FileEndpoints.lines(transactions.toString(), "transactions"),
                FileEndpoints.lines(labels.toString(), "labels")),
            IngestSinks.of(features, examples, deadLetters),
            IngestConfig.from(settings));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    job.buildOn(env);
    env.execute("card-payments");

    assertThat(deadLetters.received()).isEmpty();
    Map<String, FeatureRow> vectors =
        features.received().stream().collect(Collectors.toMap(r -> r.eventId, Function.identity()));
    assertThat(vectors).hasSize(rows.size());
    assertThat(examples.received())
        .filteredOn(e -> e.fraud)
        .hasSize((int) rows.stream().filter(Row::fraud).count());

    List<String> names = spec.layout().names();
    int count1d = names.indexOf("terminal_count_1d");
    int rate14d = names.indexOf("terminal_fraud_rate_14d");
    int customerFraud = names.indexOf("customer_fraud_30d");
    double busiestRate = 0;
    for (Row row : rows) {
      FeatureRow vector = vectors.get(Long.toString(row.id));
      assertThat(vector.entityId).isEqualTo(Long.toString(row.customer));
      assertThat(vector.values[count1d])
          .as("terminal_count_1d of %d", row.id)
          .isEqualTo(terminalEvents(rows, row, DAY).size());
      assertThat(vector.values[rate14d])
          .as("terminal_fraud_rate_14d of %d", row.id)
          .isCloseTo(knownFraudRate(rows, row, 14 * DAY, 5), offset(1e-9));
      assertThat(vector.values[customerFraud])
          .as("customer_fraud_30d of %d", row.id)
          .isEqualTo(knownFrauds(customerEvents(rows, row, 30 * DAY), row.t));
      if (row.terminal == 3156) {
        busiestRate = Math.max(busiestRate, vector.values[rate14d]);
      }
    }
    // The compromise shows in the rate once its first labels are known (7 days after it began),
    // never before: the first week of fraud at terminal 3156 reads a rate of 0.
    assertThat(busiestRate).isGreaterThan(0.5);
    assertThat(rows)
        .filteredOn(r -> r.terminal == 3156 && r.t < T0 + 2 * DAY + LABEL_DELAY)
        .allSatisfy(r -> assertThat(vectors.get(Long.toString(r.id)).values[rate14d]).isZero());
  }

  /**
   * 20 days of payments of 6 customers at 3 terminals, about one every 1–3 hours, at odd seconds
   * (no payment at the very millisecond a label becomes known).
   */
  private static List<Row> history() {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    long t = T0;
    long id = 0;
    while (t < T0 + 20 * DAY) {
      t += Duration.ofMinutes(60 + random.nextInt(120)).toMillis() + 1_000L * random.nextInt(59);
      long terminal = new long[] {3156, 3157, 3158}[random.nextInt(3)];
      boolean compromised = terminal == 3156 && t >= T0 + 2 * DAY && t < T0 + 9 * DAY;
      rows.add(
          new Row(
              id++,
              random.nextInt(6),
              terminal,
              t,
              Math.round(5 + random.nextDouble() * 200) / 1.0,
              compromised));
    }
    return rows;
  }

  /** The terminal's payments before {@code row} within {@code window}: (t - window, t). */
  private static List<Row> terminalEvents(List<Row> rows, Row row, long window) {
    return rows.stream()
        .filter(r -> r.terminal == row.terminal && r.t < row.t && r.t > row.t - window)
        .toList();
  }

  private static List<Row> customerEvents(List<Row> rows, Row row, long window) {
    return rows.stream()
        .filter(r -> r.customer == row.customer && r.t < row.t && r.t > row.t - window)
        .toList();
  }

  private static double knownFraudRate(List<Row> rows, Row row, long window, int minEvents) {
    List<Row> earlier = terminalEvents(rows, row, window);
    if (earlier.isEmpty() || earlier.size() < minEvents) {
      return 0.0;
    }
    return knownFrauds(earlier, row.t) / (double) earlier.size();
  }

  /** Frauds whose label was known before {@code t}. */
  private static int knownFrauds(List<Row> earlier, long t) {
    return (int) earlier.stream().filter(r -> r.fraud && r.t + LABEL_DELAY < t).count();
  }
}
