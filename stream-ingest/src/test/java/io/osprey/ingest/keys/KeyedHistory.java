package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.keys.KeyedFeaturesTest.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.FeatureRow;
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

/**
 * A replayable history of payments of 6 cards at 4 terminals, 3 merchants and 3 devices (spec
 * {@code /specs/keyed-payments.yaml}), with labels and corrections arriving long after their
 * events, some events without a terminal or device or with an empty or 2 KB terminal id, and one
 * label for an event that does not exist; and the brute-force {@link Oracle} of its keyed columns.
 * The same seed gives the same history, arrival order and label order.
 */
final class KeyedHistory {
  /** The spec of the history's payments: keyed by merchant, terminal and device, label-aware. */
  static final String SPEC_PATH =
      Fixtures.class.getResource("/specs/keyed-payments.yaml").getPath();

  /** Of the history, a label for no event: a join dead letter. */
  static final String UNKNOWN_EVENT = "tx-unknown";

  record Pay(
      String id,
      String card,
      String merchant,
      String terminal,
      String device,
      double amount,
      long t) {
    String json() {
      return KeyedFeaturesTest.json(id, card, merchant, terminal, device, amount, t);
    }
  }

  record Lab(String id, boolean fraud, long labelTime) {
    String json() {
      return labelJson(id, fraud, labelTime);
    }
  }

  /** A payment as it arrives, and when it is sent in a replay (its time plus a random delay). */
  record Arrival(Pay pay, long sentAt) {}

  /** A label as it arrives, sent at its time plus up to five minutes. */
  record LabelArrival(Lab label, long sentAt) {}

  final List<Pay> payments;
  final List<Lab> labels;

  /** Payments in arrival order: each card's in event-time order, the cards interleaved. */
  final List<Arrival> arrivals;

  /** Labels in arrival order: by their time, up to five minutes out of it. */
  final List<LabelArrival> labelArrivals;

  private KeyedHistory(
      List<Pay> payments,
      List<Lab> labels,
      List<Arrival> arrivals,
      List<LabelArrival> labelArrivals) {
    this.payments = payments;
    this.labels = labels;
    this.arrivals = arrivals;
    this.labelArrivals = labelArrivals;
  }

  static KeyedHistory generate(long seed, int events) {
    Random random = new Random(seed);
    List<Pay> history = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < events; i++) {
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
    labels.add(new Lab(UNKNOWN_EVENT, true, T0 + MINUTE));
    List<Arrival> arrivals = arrivalOrder(history, random);
    List<LabelArrival> labelArrivals =
        labels.stream()
            .map(l -> new LabelArrival(l, l.labelTime() + random.nextInt((int) (5 * MINUTE))))
            .sorted(Comparator.comparingLong(LabelArrival::sentAt))
            .toList();
    return new KeyedHistory(history, labels, arrivals, labelArrivals);
  }

  /**
   * Each card's payments in event-time order (as one partition keeps them), the cards interleaved
   * up to ten minutes out of event-time order; an arrival is sent at the latest of its slot's time
   * and the previous arrival's.
   */
  private static List<Arrival> arrivalOrder(List<Pay> history, Random random) {
    List<Pay> jittered = new ArrayList<>(history);
    Map<Pay, Long> shifted = new HashMap<>();
    jittered.forEach(p -> shifted.put(p, p.t() + random.nextInt((int) (10 * MINUTE))));
    jittered.sort(Comparator.comparingLong(shifted::get));
    Map<String, List<Pay>> byCard =
        history.stream()
            .collect(Collectors.groupingBy(Pay::card, TreeMap::new, Collectors.toList()));
    Map<String, Integer> next = new HashMap<>();
    List<Arrival> order = new ArrayList<>();
    for (Pay slot : jittered) {
      int i = next.merge(slot.card(), 1, Integer::sum) - 1;
      order.add(new Arrival(byCard.get(slot.card()).get(i), shifted.get(slot)));
    }
    return order;
  }

  /**
   * Every payment has a vector, on time, whose keyed columns are the {@link Oracle}'s; and the
   * labels did count (the label-aware columns were not all their defaults).
   */
  void assertKeyedColumnsAreTheOracles(Map<String, FeatureRow> vectors) {
    assertThat(vectors).containsOnlyKeys(payments.stream().map(Pay::id).toList());
    Oracle oracle = new Oracle(this);
    for (Pay p : payments) {
      FeatureRow row = vectors.get(p.id());
      assertThat(row.late).as(p.id()).isFalse();
      for (String name : Oracle.COLUMNS) {
        assertThat(row.values[column(name)])
            .as(p.id() + " " + name)
            .isCloseTo(oracle.value(p, name), within(1e-9));
      }
    }
    assertThat(vectors.values())
        .anySatisfy(r -> assertThat(r.values[column("terminal_fraud_rate_1d")]).isPositive());
    assertThat(vectors.values())
        .anySatisfy(r -> assertThat(r.values[column("card_fraud_1d")]).isGreaterThan(1));
  }

  /** Vectors by event id; fails on an event id given two vectors. */
  static Map<String, FeatureRow> byId(List<FeatureRow> rows) {
    return rows.stream().collect(Collectors.toMap(r -> r.eventId, Function.identity()));
  }

  /** Everything a vector says, per event id, for comparing two runs. */
  static Map<String, String> describe(Map<String, FeatureRow> rows) {
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

    Oracle(KeyedHistory history) {
      this.history = history.payments;
      this.labels = history.labels.stream().collect(Collectors.groupingBy(Lab::id));
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
