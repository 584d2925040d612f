package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.HOUR;
import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.PAYMENTS;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.FeatureRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Point-in-time correctness of {@link SpecFeatures} (built-in payment spec) on crafted out-of-order
 * sequences with watermarks, against a brute-force oracle that only looks at payments of the same
 * card that arrived earlier <em>and</em> happened at or before the payment. The training example
 * carries the scored vector unchanged (LabelJoinTest), so this also holds for training examples.
 */
class PointInTimeTest {
  private static final long BOUND = Duration.ofMinutes(1).toMillis();
  private static final double NO_PREVIOUS = Duration.ofDays(30).toSeconds();

  @Test
  void aPaymentBehindTheWatermarkIsScoredFlaggedAndCountedNotDropped() throws Exception {
    try (var harness = harness()) {
      harness.processElement(payment("e1", "c1", 10, "NL", "POS", "5411", T0), T0);
      harness.processElement(payment("e2", "c1", 20, "NL", "POS", "5411", T0 + 30 * MINUTE), 0);
      harness.processWatermark(T0 + 20 * MINUTE);
      harness.processElement(payment("e3", "c1", 30, "DE", "POS", "5411", T0 + 10 * MINUTE), 0);
      harness.processElement(payment("e4", "c1", 40, "NL", "POS", "5411", T0 + 40 * MINUTE), 0);

      List<FeatureRow> rows = harness.extractOutputValues();
      assertThat(rows).extracting(r -> r.eventId).containsExactly("e1", "e2", "e3", "e4");
      assertThat(rows).extracting(r -> r.late).containsExactly(false, false, true, false);
      assertThat(rows.get(2).toAvro().getLate()).isTrue();
      // e3 sees e1 only (e2 is in its future); e4 sees all three, e3 included.
      assertThat(rows.get(2).values[1]).isEqualTo(1.0);
      assertThat(rows.get(2).values[4]).isCloseTo(Math.log1p(600), within(1e-12));
      assertThat(rows.get(3).values[1]).isEqualTo(3.0);
    }
  }

  @Test
  void onTimePaymentsKeepExactFeaturesWhileStateIsPrunedByTheWatermark() throws Exception {
    try (var harness = harness()) {
      harness.processElement(payment("e1", "c1", 10, "NL", "POS", "5411", T0), 0);
      harness.processElement(payment("e2", "c1", 20, "DE", "POS", "5411", T0 + 2 * HOUR), 0);
      harness.processWatermark(T0 + 2 * HOUR - BOUND);
      // On time (after the watermark) though older than e2: its previous is e1, two hours earlier,
      // which pruning kept as the newest payment before the kept hour.
      harness.processElement(
          payment("e3", "c1", 30, "DE", "POS", "5411", T0 + 2 * HOUR - BOUND / 2), 0);

      FeatureRow e3 = harness.extractOutputValues().get(2);
      assertThat(e3.late).isFalse();
      assertThat(e3.values[1]).isZero();
      assertThat(e3.values[4])
          .isCloseTo(Math.log1p((2 * HOUR - BOUND / 2) / 1000.0), within(1e-12));
      assertThat(e3.values[5]).isEqualTo(1.0); // NL -> DE
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void noVectorContainsAnythingFromAfterItsEvent(long seed) throws Exception {
    List<Pay> arrivals = craftedSequence(new Random(seed));
    try (var harness = harness()) {
      long maxSeen = Long.MIN_VALUE;
      for (Pay p : arrivals) {
        harness.processElement(p.event(), 0);
        // Like Flink's bounded out-of-orderness generator, emitted between records.
        maxSeen = Math.max(maxSeen, p.eventTime());
        harness.processWatermark(maxSeen - BOUND - 1);
      }
      List<FeatureRow> rows = harness.extractOutputValues();
      assertThat(rows).hasSize(arrivals.size());

      int late = 0;
      for (int i = 0; i < rows.size(); i++) {
        FeatureRow row = rows.get(i);
        double[] oracle = oracle(arrivals.subList(0, i), arrivals.get(i));
        assertThat(row.eventId).isEqualTo(arrivals.get(i).eventId());
        if (!row.late) {
          for (int f = 0; f < oracle.length; f++) {
            assertThat(row.values[f]).as(row + " feature " + f).isCloseTo(oracle[f], within(1e-9));
          }
        } else {
          // A late payment may have lost pruned history, never gained anything: it counts no more
          // than the oracle, and its previous payment is no more recent than the oracle's.
          late++;
          assertThat(row.values[1]).as(row.eventId).isLessThanOrEqualTo(oracle[1]);
          assertThat(row.values[4]).as(row.eventId).isGreaterThanOrEqualTo(oracle[4] - 1e-9);
        }
      }
      assertThat(late).as("the sequences include late payments").isPositive();
      assertThat(late).isLessThan(rows.size() / 4);
    }
  }

  /**
   * Two cards, 80 payments each over a few hours; arrival shuffles neighbours (delays up to half
   * the watermark bound, so they stay on time) and sends one in ten up to two hours late.
   */
  private static List<Pay> craftedSequence(Random random) {
    List<Pay> payments = new ArrayList<>();
    Map<Pay, Long> arrival = new HashMap<>();
    String[] countries = {"NL", "DE"};
    for (String card : List.of("c1", "c2")) {
      long t = T0;
      for (int i = 0; i < 80; i++) {
        t += random.nextInt(6) * MINUTE + random.nextInt(1000); // ties of event time happen too
        Pay p =
            new Pay(
                card + "-" + i,
                card,
                1 + random.nextInt(500),
                countries[random.nextInt(2)],
                random.nextBoolean() ? "ECOM" : "POS",
                random.nextInt(4) == 0 ? "7995" : "5411",
                t);
        payments.add(p);
        long delay =
            random.nextInt(10) == 0
                ? random.nextInt((int) (2 * HOUR))
                : random.nextInt((int) (BOUND / 2));
        arrival.put(p, t + delay);
      }
    }
    payments.sort(Comparator.comparingLong(arrival::get));
    return payments;
  }

  /** The features of {@code p} from the payments of its card that arrived before it. */
  private static double[] oracle(List<Pay> before, Pay p) {
    int count = 0;
    double sum = 0;
    Pay previous = null;
    for (Pay q : before) {
      if (!q.cardId().equals(p.cardId()) || q.eventTime() > p.eventTime()) {
        continue; // another card, or the future
      }
      if (q.eventTime() > p.eventTime() - HOUR) {
        count++;
        sum += q.amount();
      }
      if (previous == null || q.eventTime() >= previous.eventTime()) {
        previous = q;
      }
    }
    double secs =
        previous == null
            ? NO_PREVIOUS
            : Math.min(NO_PREVIOUS, (p.eventTime() - previous.eventTime()) / 1000.0);
    return new double[] {
      Math.log1p(p.amount()),
      count,
      Math.log1p(sum),
      count == 0 ? 1.0 : p.amount() / (sum / count),
      Math.log1p(secs),
      previous != null && !previous.country().equals(p.country()) ? 1 : 0,
      "ECOM".equals(p.channel()) ? 1 : 0,
      "7995".equals(p.merchantCategory()) ? 1 : 0
    };
  }

  /** A payment as the oracle sees it; {@link #event()} is what the job sees. */
  private record Pay(
      String eventId,
      String cardId,
      double amount,
      String country,
      String channel,
      String merchantCategory,
      long eventTime) {
    Event event() {
      return payment(eventId, cardId, amount, country, channel, merchantCategory, eventTime);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Event, FeatureRow> harness()
      throws Exception {
    var harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SpecFeatures(PAYMENTS), e -> e.entityId, Types.STRING);
    harness.setProcessingTime(T0);
    return harness;
  }
}
