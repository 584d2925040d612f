package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.FeatureEngine;
import io.osprey.ingest.features.Recent;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.KeyLabel;
import io.osprey.ingest.model.KeyPart;
import io.osprey.ingest.model.KeyRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KeyedFeatures} on the arrival rule against a brute-force scan of what had arrived: one
 * terminal's three days of payments (longer than its 1-day window, so the history is pruned as it
 * goes), arriving out of event-time order within the out-of-orderness, with ties in event time,
 * fraud labels and corrections arriving between them (some before their payment). Every part's
 * columns equal what the entity's arithmetic gives over a plain list of the earlier arrivals, the
 * fraud columns what the labels received by then say.
 */
class KeyedFeaturesOracleTest {
  private static final int GROUP = 1; // terminalId
  private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final int FRAUD = KeyedFeaturesTest.column("terminal_fraud_1d");
  private static final int RATE = KeyedFeaturesTest.column("terminal_fraud_rate_1d");
  private static final int MIN_EVENTS = 3;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void everyPartEqualsAScanOfWhatHadArrived(long seed) throws Exception {
    Random random = new Random(seed);
    FeatureEngine engine = KeyedFeaturesTest.GROUPS.engine(GROUP);
    List<Event> events = payments(random, 3 * 24 * 30);
    List<Event> arrived = new ArrayList<>();
    // Per event id: the labels received so far, in arrival order.
    Map<String, List<KeyLabel>> labels = new HashMap<>();
    List<double[]> expected = new ArrayList<>();
    try (var harness = harness()) {
      for (int i = 0; i < events.size(); i++) {
        Event event = events.get(i);
        expected.add(oracle(engine, event, arrived, labels));
        harness.processElement1(KeyRequest.of("terminalId=t-1", GROUP, event), 0);
        arrived.add(event);
        if (random.nextInt(10) == 0) {
          // A label (fraud, or a correction) for a recent payment, or for one not yet arrived.
          int target = Math.min(events.size() - 1, Math.max(0, i - random.nextInt(40) + 3));
          KeyLabel label = label(events.get(target), random.nextInt(3) > 0, i);
          harness.processElement2(label, 0);
          labels.computeIfAbsent(label.eventId, id -> new ArrayList<>()).add(label);
        }
      }
      List<KeyPart> parts = harness.extractOutputValues();
      assertThat(parts).hasSize(events.size());
      long fraudSeen = 0;
      for (int i = 0; i < parts.size(); i++) {
        assertThat(parts.get(i).eventId).isEqualTo(events.get(i).eventId);
        assertThat(parts.get(i).values).as(events.get(i).eventId).containsExactly(expected.get(i));
        fraudSeen += parts.get(i).values[FRAUD] > 0 ? 1 : 0;
      }
      // The labels did count somewhere (that the history is pruned is not asserted here; a prune
      // that dropped an event still in a window would show in the values above).
      assertThat(fraudSeen).isGreaterThan(parts.size() / 4);
    }
  }

  /** Every 2 minutes, up to 90 s late, 1 in 10 sharing the previous one's time; arrival order. */
  private static List<Event> payments(Random random, int n) {
    List<Event> out = new ArrayList<>();
    long previous = T0;
    for (int i = 0; i < n; i++) {
      long time = random.nextInt(10) == 0 ? previous : T0 + i * 2 * MINUTE + random.nextInt(90_000);
      previous = time;
      out.add(
          KeyedFeaturesTest.event(
              "p-" + i, "card-" + random.nextInt(50), "t-1", null, 1 + random.nextInt(500), time));
    }
    // Neighbours swap places: up to 3.5 min behind the newest, inside the out-of-orderness.
    for (int i = 1; i < n; i++) {
      if (random.nextInt(4) == 0) {
        out.set(i - 1, out.set(i, out.get(i - 1)));
        i++;
      }
    }
    return out;
  }

  /**
   * What the operator must give {@code event}: the entity's arithmetic over a plain list of the
   * arrivals at or before its time (the latest of them, last arrived on a tie, as "previous"); the
   * fraud columns from the latest label received of each of them in the 1-day window.
   */
  private static double[] oracle(
      FeatureEngine engine, Event event, List<Event> arrived, Map<String, List<KeyLabel>> labels) {
    List<Recent> earlier = new ArrayList<>();
    Recent previous = null;
    int inDay = 0;
    int fraud = 0;
    for (Event e : arrived) {
      if (e.eventTime > event.eventTime) {
        continue;
      }
      Recent r = engine.remember(e);
      earlier.add(r);
      if (previous == null || r.eventTime >= previous.eventTime) {
        previous = r;
      }
      if (e.eventTime > event.eventTime - DAY) {
        inDay++;
        fraud += latestSaysFraud(labels.get(e.eventId)) ? 1 : 0;
      }
    }
    double[] values = engine.compute(event, earlier, previous);
    values[FRAUD] = fraud;
    values[RATE] = inDay < MIN_EVENTS ? -1 : (double) fraud / inDay;
    return values;
  }

  private static boolean latestSaysFraud(List<KeyLabel> received) {
    if (received == null) {
      return false;
    }
    KeyLabel latest = received.get(0);
    for (KeyLabel l : received) {
      if (l.labelTime >= latest.labelTime) {
        latest = l;
      }
    }
    return latest.fraud;
  }

  private static KeyLabel label(Event event, boolean fraud, long sequence) {
    return KeyedFeaturesTest.label(event.eventId, event.eventTime, fraud, T0 + sequence * MINUTE);
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, KeyRequest, KeyLabel, KeyPart>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new KeyedFeatures(KeyedFeaturesTest.GROUPS, false, OUT_OF_ORDERNESS),
        r -> r.key,
        l -> l.key,
        Types.STRING);
  }
}
