package io.osprey.ingest.keys;

import static io.osprey.ingest.Fixtures.HOUR;
import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.KeyLabel;
import io.osprey.ingest.model.KeyPart;
import io.osprey.ingest.model.KeyRequest;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyedFeatures} alone: the terminal's label-aware aggregates count a label only if it was
 * known before the event (arrived before it on the processing clock, {@code labelTime} before its
 * event time on the event clock), a later label never changes a part already emitted, a correction
 * counts from when it is known, and the state survives a snapshot and restore.
 */
class KeyedFeaturesTest {
  static final FeatureSpec SPEC =
      FeatureSpecs.load(Fixtures.class.getResource("/specs/keyed-payments.yaml").getPath());
  static final KeyGroups GROUPS = KeyGroups.of(SPEC);
  private static final int TERMINAL_FRAUD = column("terminal_fraud_1d");
  private static final int TERMINAL_RATE = column("terminal_fraud_rate_1d");
  private static final int TERMINAL_SUM = column("terminal_sum_1h");

  static int column(String name) {
    return SPEC.layout().names().indexOf(name);
  }

  @Test
  void theGroupsAreOnePerByFieldTheEntitysLabelAwareAggregatesIncluded() {
    assertThat(GROUPS.size()).isEqualTo(4);
    assertThat(List.of(GROUPS.field(0), GROUPS.field(1), GROUPS.field(2), GROUPS.field(3)))
        .containsExactly("merchantId", "terminalId", "deviceId", "cardId");
    assertThat(GROUPS.labelAware(1)).isTrue();
    assertThat(GROUPS.labelAware(0)).isFalse();
  }

  @Test
  void onArrivalALabelCountsOnlyForEventsAfterItAndACorrectionFromItsArrival() throws Exception {
    try (var harness = harness(false)) {
      harness.processElement1(request("e1", 10, T0), 0);
      harness.processElement1(request("e2", 20, T0 + MINUTE), 0);
      harness.processElement1(request("e3", 30, T0 + 2 * MINUTE), 0);
      harness.processElement2(label("e1", T0, true, T0 + 3 * MINUTE), 0);
      harness.processElement1(request("e4", 40, T0 + 4 * MINUTE), 0);
      // The analyst takes it back, then a second card fraud arrives.
      harness.processElement2(label("e1", T0, false, T0 + 5 * MINUTE), 0);
      harness.processElement2(label("e2", T0 + MINUTE, true, T0 + 5 * MINUTE), 0);
      harness.processElement1(request("e5", 50, T0 + 6 * MINUTE), 0);

      List<KeyPart> parts = harness.extractOutputValues();
      assertThat(parts).extracting(p -> p.eventId).containsExactly("e1", "e2", "e3", "e4", "e5");
      // e1..e3 were computed before any label: none counts, and none is changed later.
      assertThat(parts)
          .extracting(p -> p.values[TERMINAL_FRAUD])
          .containsExactly(0.0, 0.0, 0.0, 1.0, 1.0);
      // fraud_rate: the default below min_events (3 earlier events), then fraud / events.
      assertThat(parts)
          .extracting(p -> p.values[TERMINAL_RATE])
          .containsExactly(-1.0, -1.0, -1.0, 1.0 / 3, 1.0 / 4);
      assertThat(parts.get(4).values[TERMINAL_SUM]).isEqualTo(100.0);
    }
  }

  @Test
  void onEventTimeAnEventWaitsForTheWatermarkAndCountsLabelsByTheirTime() throws Exception {
    try (var harness = harness(true)) {
      // Out of order: e3 before e2; labels before and after, none arrives in time order.
      harness.processElement1(request("e1", 10, T0), T0);
      harness.processElement1(request("e3", 30, T0 + 2 * HOUR), T0 + 2 * HOUR);
      harness.processElement2(label("e1", T0, true, T0 + 90 * MINUTE), T0 + 90 * MINUTE);
      harness.processElement1(request("e2", 20, T0 + HOUR), T0 + HOUR);
      // Corrected: legit from T0 + 150 min, so e4 (T0 + 3 h) sees e1 as not fraud.
      harness.processElement2(label("e1", T0, false, T0 + 150 * MINUTE), T0 + 150 * MINUTE);
      harness.processElement1(request("e4", 40, T0 + 3 * HOUR), T0 + 3 * HOUR);
      assertThat(harness.extractOutputValues()).isEmpty(); // nothing before the watermark

      harness.processBothWatermarks(new Watermark(T0 + 3 * HOUR));

      List<KeyPart> parts = harness.extractOutputValues();
      assertThat(parts).extracting(p -> p.eventId).containsExactly("e1", "e2", "e3", "e4");
      // e2 (T0 + 1 h) precedes e1's label (T0 + 90 min): 0; e3 (T0 + 2 h) follows it: 1.
      assertThat(parts)
          .extracting(p -> p.values[TERMINAL_FRAUD])
          .containsExactly(0.0, 0.0, 1.0, 0.0);
      assertThat(parts).extracting(p -> p.late).containsOnly(false);
      // e3 saw e2 although e2 arrived after it.
      assertThat(parts.get(2).values[column("terminal_since_last")]).isEqualTo(3600.0);
    }
  }

  @Test
  void aRestoredOperatorKeepsTheKeysHistoryItsLabelsAndItsWaitingEvents() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness(true)) {
      harness.processElement1(request("e1", 10, T0), T0);
      harness.processElement2(label("e1", T0, true, T0 + MINUTE), T0 + MINUTE);
      harness.processBothWatermarks(new Watermark(T0 + MINUTE));
      harness.processElement1(request("e2", 20, T0 + 2 * MINUTE), T0 + 2 * MINUTE);
      snapshot = harness.snapshot(1L, 1L);
    }
    try (var restored =
        new KeyedTwoInputStreamOperatorTestHarness<String, KeyRequest, KeyLabel, KeyPart>(
            new KeyedCoProcessOperator<>(new KeyedFeatures(GROUPS, true, Duration.ofMinutes(5))),
            r -> r.key,
            l -> l.key,
            Types.STRING)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement1(request("e3", 30, T0 + 3 * MINUTE), T0 + 3 * MINUTE);
      restored.processBothWatermarks(new Watermark(T0 + 3 * MINUTE));

      List<KeyPart> parts = restored.extractOutputValues();
      // e2 waited across the restore; both see e1 and its label, e3 sees e2 too.
      assertThat(parts).extracting(p -> p.eventId).containsExactly("e2", "e3");
      assertThat(parts).extracting(p -> p.values[TERMINAL_FRAUD]).containsExactly(1.0, 1.0);
      assertThat(parts).extracting(p -> p.values[TERMINAL_SUM]).containsExactly(10.0, 30.0);
    }
  }

  @Test
  void aGroupWithOnlyFraudCountCountsTheLabelsOfItsWindowWithoutKeepingItsEvents()
      throws Exception {
    int cardFraud = column("card_fraud_1d");
    long day = Duration.ofDays(1).toMillis();
    try (var harness = harness(false)) {
      harness.processElement1(cardRequest("c1", T0), 0);
      harness.processElement1(cardRequest("c2", T0 + MINUTE), 0);
      harness.processElement2(cardLabel("c1", T0, true, T0 + 2 * MINUTE), 0);
      harness.processElement2(cardLabel("c2", T0 + MINUTE, false, T0 + 2 * MINUTE), 0);
      harness.processElement1(cardRequest("c3", T0 + 3 * MINUTE), 0);
      // A day after c1: c1 is out of the 1-day window; its events are long pruned, its label not.
      harness.processElement1(cardRequest("c4", T0 + day + 1), 0);
      // Ten minutes behind c4 (beyond the 5-minute out-of-orderness): late, and c1 is in its day.
      harness.processElement1(cardRequest("c5", T0 + day - 10 * MINUTE), 0);

      List<KeyPart> parts = harness.extractOutputValues();
      assertThat(parts)
          .extracting(p -> p.values[cardFraud])
          .containsExactly(0.0, 0.0, 1.0, 0.0, 1.0);
      assertThat(parts).extracting(p -> p.late).containsExactly(false, false, false, false, true);
    }
  }

  private static KeyRequest cardRequest(String id, long time) {
    return KeyRequest.of("cardId=card-1", 3, event(id, "card-1", "t-1", "d-1", 10, time));
  }

  private static KeyLabel cardLabel(String id, long eventTime, boolean fraud, long labelTime) {
    KeyLabel l = label(id, eventTime, fraud, labelTime);
    l.key = "cardId=card-1";
    return l;
  }

  @Test
  void quietKeysExpireSoManyDistinctKeysStayBounded() throws Exception {
    int keys = 1_000;
    try (var harness = harness(false)) {
      harness.setStateTtlProcessingTime(0);
      for (int i = 0; i < keys; i++) {
        harness.processElement1(terminalRequest("a-" + i, "t-a" + i, T0 + i), 0);
      }
      int full = harness.numKeyedStateEntries();
      // A day and a half later (TTL: the 1-day window plus slack) as many new keys arrive: the
      // quiet ones are swept while the new ones are written.
      harness.setStateTtlProcessingTime(Duration.ofHours(36).toMillis());
      for (int i = 0; i < keys; i++) {
        harness.processElement1(terminalRequest("b-" + i, "t-b" + i, T0 + HOUR + i), 0);
      }

      assertThat(full).isGreaterThanOrEqualTo(keys);
      assertThat(harness.numKeyedStateEntries()).isLessThan(full * 3 / 2);
    }
  }

  private static KeyRequest terminalRequest(String id, String terminal, long time) {
    return KeyRequest.of(
        "terminalId=" + terminal, 1, event(id, "card-" + id, terminal, null, 1, time));
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, KeyRequest, KeyLabel, KeyPart>
      harness(boolean eventTime) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new KeyedFeatures(GROUPS, eventTime, Duration.ofMinutes(5)),
        r -> r.key,
        l -> l.key,
        Types.STRING);
  }

  /** A payment at terminal t-1 (group 1). */
  static KeyRequest request(String id, double amount, long time) {
    return KeyRequest.of("terminalId=t-1", 1, event(id, "card-" + id, "t-1", "d-1", amount, time));
  }

  static KeyLabel label(String id, long eventTime, boolean fraud, long labelTime) {
    KeyLabel l = new KeyLabel();
    l.key = "terminalId=t-1";
    l.eventId = id;
    l.eventTime = eventTime;
    l.fraud = fraud;
    l.labelTime = labelTime;
    return l;
  }

  static Event event(
      String id, String card, String terminal, String device, double amount, long time) {
    return Fixtures.event(SPEC, json(id, card, "m-1", terminal, device, amount, time), time);
  }

  static String json(
      String id,
      String card,
      String merchant,
      String terminal,
      String device,
      double amount,
      long time) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "{\"eventId\":\"%s\",\"cardId\":\"%s\",\"merchantId\":\"%s\",\"amount\":%s,"
                    + "\"eventTime\":%d",
                id,
                card,
                merchant,
                Double.toString(amount),
                time));
    if (terminal != null) {
      s.append(",\"terminalId\":\"").append(terminal).append('"');
    }
    if (device != null) {
      s.append(",\"deviceId\":\"").append(device).append('"');
    }
    return s.append('}').toString();
  }
}
