package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.HOUR;
import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every aggregate function ({@code specs/every-aggregate.yaml}) through {@link SpecFeatures}: hand
 * computed values on a crafted sequence with an out-of-order event, then a brute-force oracle on
 * random out-of-order sequences with watermarks, which proves that no vector holds anything from
 * after its event.
 */
class AggregatesTest {
  static final FeatureSpec SPEC =
      FeatureSpecs.load(AggregatesTest.class.getResource("/specs/every-aggregate.yaml").getPath());
  private static final double NONE = Double.NaN;
  private static final double CAP_SECONDS = 2 * 3600;

  @Test
  void eachAggregateOnACraftedSequence() throws Exception {
    try (var harness = harness()) {
      harness.processElement(reading("e1", "s1", 10, "A", T0), 0);
      harness.processElement(reading("e2", "s1", 20, "A", T0 + 10 * MINUTE), 0);
      harness.processElement(reading("e3", "s1", 30, "B", T0 + 40 * MINUTE), 0);
      // Arrives after e3 but happened before it, and has no value: e3 is in its future.
      harness.processElement(reading("e4", "s1", NONE, "A", T0 + 20 * MINUTE), 0);
      harness.processElement(reading("e5", "s1", 50, "C", T0 + 75 * MINUTE), 0);
      harness.processElement(reading("e6", "s2", 1, "A", T0 + 5 * MINUTE), 0);
      // 165 minutes after e5: nothing in any window, the previous event is beyond the cap.
      harness.processElement(reading("e7", "s1", 5, "A", T0 + 240 * MINUTE), 0);

      List<FeatureRow> rows = harness.extractOutputValues();
      assertThat(SPEC.layout().names())
          .containsExactly(
              "n_1h",
              "sum_1h",
              "mean_1h",
              "std_1h",
              "max_30m",
              "zones_1h",
              "since_last",
              "ratio_1h",
              "z_1h",
              "zone_changed",
              "sum_1h_log_clipped");
      // n  sum  mean  std  max30m  zones  since  ratio  z  changed  log1p(clip(sum, 0, 25))
      assertRow(rows.get(0), 0, 0, -1, -1, -1, 0, CAP_SECONDS, -1, -9, 0, 0);
      assertRow(rows.get(1), 1, 10, 10, 0, 10, 1, 600, 2, -9, 0, Math.log1p(10));
      // Windows are (t - w, t]: e2, exactly 30 minutes earlier, is outside max_30m's window.
      // z = (30 - 15) / 5.
      assertRow(rows.get(2), 2, 30, 15, 5, -1, 1, 1800, 2, 3, 1, Math.log1p(25));
      // e4 sees e1 and e2, not e3; its own value is absent, so ratio and z take their defaults.
      assertRow(rows.get(3), 2, 30, 15, 5, 20, 1, 600, -1, -9, 0, Math.log1p(25));
      // (t-1h, t] holds e3 (value 30) and e4 (no value): two events, one value; e1, e2 are out.
      assertRow(rows.get(4), 2, 30, 30, 0, -1, 2, 2100, 50.0 / 30, -9, 1, Math.log1p(25));
      assertRow(rows.get(5), 0, 0, -1, -1, -1, 0, CAP_SECONDS, -1, -9, 0, 0);
      assertRow(rows.get(6), 0, 0, -1, -1, -1, 0, CAP_SECONDS, -1, -9, 0, 0);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void noAggregateSeesAnythingFromAfterItsEvent(long seed) throws Exception {
    List<Reading> arrivals = randomSequence(new Random(seed));
    long bound = MINUTE;
    try (var harness = harness()) {
      long maxSeen = Long.MIN_VALUE;
      for (Reading r : arrivals) {
        harness.processElement(r.event(), 0);
        maxSeen = Math.max(maxSeen, r.at());
        harness.processWatermark(maxSeen - bound - 1);
      }
      List<FeatureRow> rows = harness.extractOutputValues();
      assertThat(rows).hasSize(arrivals.size());
      int onTime = 0;
      for (int i = 0; i < rows.size(); i++) {
        FeatureRow row = rows.get(i);
        assertThat(row.eventId).isEqualTo(arrivals.get(i).id());
        double[] expected = oracle(arrivals.subList(0, i), arrivals.get(i));
        if (row.late) {
          // Late: it may have lost pruned history, never gained any.
          assertThat(row.values[0]).as(row.eventId).isLessThanOrEqualTo(expected[0]);
          continue;
        }
        onTime++;
        for (int f = 0; f < expected.length; f++) {
          assertThat(row.values[f])
              .as(row.eventId + " " + SPEC.layout().names().get(f))
              .isCloseTo(expected[f], within(1e-9));
        }
      }
      assertThat(onTime).isGreaterThan(rows.size() * 3 / 4);
      assertThat(onTime).as("the sequences include late readings").isLessThan(rows.size());
    }
  }

  /** The spec's definitions, computed the slow way from what arrived before and happened before. */
  private static double[] oracle(List<Reading> before, Reading r) {
    List<Reading> past = new ArrayList<>();
    Reading previous = null;
    for (Reading q : before) {
      if (q.sensor().equals(r.sensor()) && q.at() <= r.at()) {
        past.add(q);
        if (previous == null || q.at() >= previous.at()) {
          previous = q;
        }
      }
    }
    List<Reading> hour = past.stream().filter(q -> q.at() > r.at() - HOUR).toList();
    List<Double> values = hour.stream().map(Reading::value).filter(v -> !Double.isNaN(v)).toList();
    double sum = values.stream().mapToDouble(Double::doubleValue).sum();
    double mean = values.isEmpty() ? NONE : sum / values.size();
    double variance =
        values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / values.size();
    double std = values.isEmpty() ? NONE : Math.sqrt(variance);
    double max30 =
        past.stream()
            .filter(q -> q.at() > r.at() - 30 * MINUTE && !Double.isNaN(q.value()))
            .mapToDouble(Reading::value)
            .max()
            .orElse(-1);
    Set<String> zones = new HashSet<>();
    hour.forEach(q -> zones.add(q.zone()));
    double since =
        previous == null ? CAP_SECONDS : Math.min(CAP_SECONDS, (r.at() - previous.at()) / 1000.0);
    boolean hasValue = !Double.isNaN(r.value());
    double ratio = values.isEmpty() || !hasValue || mean == 0 ? -1 : r.value() / mean;
    double z = values.size() < 2 || !hasValue || std == 0 ? -9 : (r.value() - mean) / std;
    boolean changed =
        previous != null && previous.at() > r.at() - HOUR && !previous.zone().equals(r.zone());
    return new double[] {
      hour.size(),
      sum,
      values.isEmpty() ? -1 : mean,
      values.isEmpty() ? -1 : std,
      max30,
      zones.size(),
      since,
      ratio,
      z,
      changed ? 1 : 0,
      Math.log1p(Math.max(0, Math.min(25, sum)))
    };
  }

  /**
   * Two sensors, 120 readings each over about five hours, one in six without a value; arrival
   * shuffles neighbours within the watermark bound and sends one in ten up to an hour late.
   */
  private static List<Reading> randomSequence(Random random) {
    List<Reading> readings = new ArrayList<>();
    Map<Reading, Long> arrival = new HashMap<>();
    String[] zones = {"A", "B", "C"};
    for (String sensor : List.of("s1", "s2")) {
      long t = T0;
      for (int i = 0; i < 120; i++) {
        t += random.nextInt(5) * MINUTE + random.nextInt(1000); // ties of event time happen too
        double value = random.nextInt(6) == 0 ? NONE : random.nextInt(40) - 5;
        Reading r = new Reading(sensor + "-" + i, sensor, value, zones[random.nextInt(3)], t);
        readings.add(r);
        long delay =
            random.nextInt(10) == 0
                ? random.nextInt((int) HOUR)
                : random.nextInt((int) (MINUTE / 2));
        arrival.put(r, t + delay);
      }
    }
    readings.sort(Comparator.comparingLong(arrival::get));
    return readings;
  }

  private static void assertRow(FeatureRow row, double... expected) {
    assertThat(row.values).as(row.eventId).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.values[i])
          .as(row.eventId + " " + SPEC.layout().names().get(i))
          .isCloseTo(expected[i], within(1e-12));
    }
  }

  static Event reading(String id, String sensor, double value, String zone, long at) {
    return new Reading(id, sensor, value, zone, at).event();
  }

  /** A reading as the oracle sees it; NaN value = absent. */
  record Reading(String id, String sensor, double value, String zone, long at) {
    Event event() {
      String valueJson =
          Double.isNaN(value) ? "" : String.format(Locale.ROOT, ",\"value\":%s", value);
      return Fixtures.event(
          SPEC,
          String.format(
              Locale.ROOT,
              "{\"id\":\"%s\",\"sensor\":\"%s\",\"at\":%d,\"zone\":\"%s\"%s}",
              id,
              sensor,
              at,
              zone,
              valueJson),
          at);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Event, FeatureRow> harness()
      throws Exception {
    var harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SpecFeatures(SPEC), e -> e.entityId, Types.STRING);
    harness.setProcessingTime(T0);
    return harness;
  }
}
