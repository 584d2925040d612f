package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.keys.KeyedFeaturesTest.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.ingest.CollectingSink;
import io.osprey.ingest.Fixtures;
import io.osprey.ingest.IngestConfig;
import io.osprey.ingest.IngestJob;
import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.IngestSinks;
import io.osprey.ingest.IngestSources;
import io.osprey.ingest.file.FileEndpoints;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replayed history through the whole job on the event clock, with aggregates by merchant,
 * terminal and device and label-aware ones by terminal and card: events of different cards out of
 * order (a terminal's events arrive out of event-time order), labels arriving long after their
 * events and in no particular order, corrections (fraud, then not fraud), and events without a
 * terminal or device, or with an empty or 2 KB one. The keyed columns equal a brute-force oracle
 * that knows only what was known before each event, and batch mode gives exactly the streaming
 * run's vectors.
 */
class KeyedReplayIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final int EVENTS = 400;

  @RegisterExtension static final MiniClusterExtension FLINK = Fixtures.miniCluster(PARALLELISM);

  record Pay(
      String id,
      String card,
      String merchant,
      String terminal,
      String device,
      double amount,
      long t) {}

  record Lab(String id, boolean fraud, long labelTime) {}

  @Test
  void aReplayGivesTheOraclesValuesInStreamAndBatchAlike(@TempDir Path dir) throws Exception {
    Random random = new Random(13);
    List<Pay> history = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < EVENTS; i++) {
      t += random.nextInt((int) (2 * MINUTE));
      String terminal =
          switch (random.nextInt(20)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "x".repeat(2048);
            default -> "t-" + random.nextInt(4);
          };
      String device = random.nextInt(3) == 0 ? null : "d-" + random.nextInt(3);
      history.add(
          new Pay(
              String.format("tx-%03d", i),
              "card-" + random.nextInt(6),
              "m-" + random.nextInt(3),
              terminal,
              device,
              1 + random.nextInt(200),
              t));
    }
    List<Lab> labels = new ArrayList<>();
    for (Pay p : history) {
      int roll = random.nextInt(10);
      if (roll < 2) {
        long fraudAt = p.t() + (1 + random.nextInt(90)) * MINUTE;
        labels.add(new Lab(p.id(), true, fraudAt));
        if (roll == 0) { // corrected later
          labels.add(new Lab(p.id(), false, fraudAt + (1 + random.nextInt(120)) * MINUTE));
        }
      } else if (roll == 2) {
        labels.add(new Lab(p.id(), false, p.t() + random.nextInt(30) * MINUTE));
      }
    }
    labels.add(new Lab("tx-unknown", true, T0 + MINUTE)); // no such event: a join dead letter

    Path transactions = dir.resolve("transactions.jsonl");
    Path labelFile = dir.resolve("labels.jsonl");
    Files.write(
        transactions,
        arrivalOrder(history, random).stream().map(KeyedReplayIntegrationTest::json).toList());
    // Labels in their own time order, up to five minutes out of it.
    Files.write(
        labelFile,
        labels.stream()
            .sorted(
                Comparator.comparingLong(l -> l.labelTime() + random.nextInt((int) (5 * MINUTE))))
            .map(l -> labelJson(l.id(), l.fraud(), l.labelTime()))
            .toList());

    Map<String, FeatureRow> streaming =
        byId(run("keyed-stream", Mode.STREAMING, transactions, labelFile));
    Map<String, FeatureRow> batch = byId(run("keyed-batch", Mode.BATCH, transactions, labelFile));

    assertThat(streaming).hasSize(EVENTS);
    assertThat(describe(batch)).isEqualTo(describe(streaming));
    Oracle oracle = new Oracle(history, labels);
    for (Pay p : history) {
      FeatureRow row = streaming.get(p.id());
      assertThat(row.late).as(p.id()).isFalse();
      for (String name : Oracle.COLUMNS) {
        assertThat(row.values[column(name)])
            .as(p.id() + " " + name)
            .isCloseTo(oracle.value(p, name), within(1e-9));
      }
    }
    // The fraud rate was not always the default: the test exercises the labels.
    assertThat(streaming.values())
        .anySatisfy(r -> assertThat(r.values[column("terminal_fraud_rate_1d")]).isPositive());
    assertThat(streaming.values())
        .anySatisfy(r -> assertThat(r.values[column("card_fraud_1d")]).isGreaterThan(1));
    List<Rejected> dead =
        new CollectingSink<Rejected>("dead-letters-keyed-stream", false).received();
    assertThat(dead).extracting(d -> d.stage).containsExactly(Rejected.JOIN);
  }

  /**
   * Each card's payments in event-time order (as one partition keeps them), the cards interleaved
   * up to ten minutes out of event-time order.
   */
  private static List<Pay> arrivalOrder(List<Pay> history, Random random) {
    List<Pay> jittered = new ArrayList<>(history);
    Map<Pay, Long> shifted = new HashMap<>();
    jittered.forEach(p -> shifted.put(p, p.t() + random.nextInt((int) (10 * MINUTE))));
    jittered.sort(Comparator.comparingLong(shifted::get));
    Map<String, List<Pay>> byCard =
        history.stream()
            .collect(Collectors.groupingBy(Pay::card, TreeMap::new, Collectors.toList()));
    Map<String, Integer> next = new HashMap<>();
    List<Pay> order = new ArrayList<>();
    for (Pay slot : jittered) {
      int i = next.merge(slot.card(), 1, Integer::sum) - 1;
      order.add(byCard.get(slot.card()).get(i));
    }
    return order;
  }

  private static String json(Pay p) {
    return KeyedFeaturesTest.json(
        p.id(), p.card(), p.merchant(), p.terminal(), p.device(), p.amount(), p.t());
  }

  private static List<FeatureRow> run(String name, Mode mode, Path transactions, Path labels)
      throws Exception {
    Settings settings =
        Settings.empty()
            .with(
                CommonSettings.FEATURE_SPEC,
                Fixtures.class.getResource("/specs/keyed-payments.yaml").getPath())
            .with(IngestSettings.MODE, mode)
            .with(IngestSettings.MATURITY_CLOCK, MaturityClock.EVENT)
            .with(IngestSettings.WATERMARK_OUT_OF_ORDERNESS, Duration.ofMinutes(15))
            .with(IngestSettings.LABEL_CORRECTION_HORIZON, Duration.ofDays(1))
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.NONE);
    CollectingSink<FeatureRow> features = new CollectingSink<>("features-" + name);
    IngestJob job =
        new IngestJob(
            new IngestSources(
                FileEndpoints.lines(transactions.toString(), "transactions"),
                FileEndpoints.lines(labels.toString(), "labels")),
            IngestSinks.of(
                features,
                new CollectingSink<Example>("examples-" + name),
                new CollectingSink<Rejected>("dead-letters-" + name)),
            IngestConfig.from(settings));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    job.buildOn(env);
    env.execute("keyed-" + name);
    return features.received();
  }

  private static Map<String, FeatureRow> byId(List<FeatureRow> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.eventId, Function.identity()));
  }

  private static Map<String, String> describe(Map<String, FeatureRow> rows) {
    Map<String, String> said = new TreeMap<>();
    rows.forEach(
        (id, r) ->
            said.put(
                id,
                r.entityId
                    + " "
                    + r.eventTime
                    + " late="
                    + r.late
                    + " "
                    + Arrays.toString(r.values)));
    return said;
  }

  /** What each keyed column must be, by brute force over the whole history. */
  static final class Oracle {
    static final List<String> COLUMNS =
        List.of(
            "merchant_count_1h",
            "terminal_sum_1h",
            "device_cards_1h",
            "terminal_since_last",
            "terminal_fraud_1d",
            "terminal_fraud_rate_1d",
            "card_fraud_1d");
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final List<Pay> history;
    private final Map<String, List<Lab>> labels;

    Oracle(List<Pay> history, List<Lab> labels) {
      this.history = history;
      this.labels = labels.stream().collect(Collectors.groupingBy(Lab::id));
    }

    double value(Pay p, String column) {
      return switch (column) {
        case "merchant_count_1h" -> before(p, Pay::merchant, HOUR).size();
        case "terminal_sum_1h" ->
            before(p, Pay::terminal, HOUR).stream().mapToDouble(Pay::amount).sum();
        case "device_cards_1h" ->
            before(p, Pay::device, HOUR).stream().map(Pay::card).distinct().count();
        case "terminal_since_last" -> {
          double cap = DAY / 1000.0;
          var previous = before(p, Pay::terminal, DAY).stream().mapToLong(Pay::t).max();
          yield previous.isEmpty() ? cap : Math.min(cap, (p.t() - previous.getAsLong()) / 1000.0);
        }
        case "terminal_fraud_1d" -> fraud(p, before(p, Pay::terminal, DAY));
        case "terminal_fraud_rate_1d" -> {
          List<Pay> window = before(p, Pay::terminal, DAY);
          yield window.size() < 3 ? -1 : fraud(p, window) / window.size();
        }
        case "card_fraud_1d" -> fraud(p, before(p, Pay::card, DAY));
        default -> throw new IllegalArgumentException(column);
      };
    }

    /**
     * The key's events before {@code p} in (time, id) order within the window; none when {@code
     * p}'s key is absent, empty or over 1 KB.
     */
    private List<Pay> before(Pay p, Function<Pay, String> key, long window) {
      String k = key.apply(p);
      if (k == null || k.isEmpty() || k.length() > KeyGroups.MAX_KEY_BYTES) {
        return List.of();
      }
      return history.stream()
          .filter(q -> Objects.equals(key.apply(q), k))
          .filter(q -> q.t() < p.t() || q.t() == p.t() && q.id().compareTo(p.id()) < 0)
          .filter(q -> q.t() > p.t() - window)
          .toList();
    }

    /**
     * Of {@code window}, the events whose latest label with a labelTime before p's time says fraud.
     */
    private double fraud(Pay p, List<Pay> window) {
      Set<String> fraud = new HashSet<>();
      for (Pay q : window) {
        labels.getOrDefault(q.id(), List.of()).stream()
            .filter(l -> l.labelTime() < p.t())
            .max(Comparator.comparingLong(Lab::labelTime))
            .filter(Lab::fraud)
            .ifPresent(l -> fraud.add(q.id()));
      }
      return fraud.size();
    }
  }
}
