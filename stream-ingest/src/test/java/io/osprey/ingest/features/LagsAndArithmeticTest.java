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
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * {@code function: previous} (n events back, point in time) and {@code kind: expression} (ratio,
 * difference, product, sum; the default on a zero divisor or an absent operand) through {@link
 * SpecFeatures}, on a crafted sequence with an out-of-order event and across a snapshot restore.
 */
class LagsAndArithmeticTest {
  static final FeatureSpec SPEC =
      FeatureSpecs.load(
          LagsAndArithmeticTest.class.getResource("/specs/lags-and-arithmetic.yaml").getPath());
  private static final double NONE = Double.NaN;

  @Test
  void lagsAndArithmeticOnACraftedSequence() throws Exception {
    try (var harness = harness()) {
      harness.processElement(payment("e1", "c1", 10, T0), 0);
      harness.processElement(payment("e2", "c1", 20, T0 + 10 * MINUTE), 0);
      harness.processElement(payment("e3", "c1", 0, T0 + 40 * MINUTE), 0);
      // Happened between e2 and e3, arrives after e3: its lags are e2 and e1, never e3.
      harness.processElement(payment("e4", "c1", 30, T0 + 20 * MINUTE), 0);
      harness.processElement(payment("e5", "c1", NONE, T0 + 50 * MINUTE), 0);
      harness.processElement(payment("e6", "c2", 7, T0 + 5 * MINUTE), 0);
      // Three hours later: the previous one (e5, no amount) is outside prev_in_1h's window.
      harness.processElement(payment("e7", "c1", 8, T0 + 230 * MINUTE), 0);

      List<FeatureRow> rows = harness.extractOutputValues();
      // prev  prev2  prev_in_1h  amount/prev  amount-prev  amount*2  prev+prev2
      assertRow(rows.get(0), 0, -1, -1, 1, 10, 20, -1);
      assertRow(rows.get(1), 10, -1, 10, 2, 10, 40, 9);
      // e3: amount 0 over 20 is 0; its previous two are e2 then e1.
      assertRow(rows.get(2), 20, 10, 20, 0, -20, 0, 30);
      assertRow(rows.get(3), 20, 10, 20, 1.5, 10, 60, 30);
      // e5 has no amount: the operand is absent, so ratio, difference and product default.
      assertRow(rows.get(4), 0, 30, 0, 1, 0, 0, 30);
      assertRow(rows.get(5), 0, -1, -1, 1, 7, 14, -1);
      // e7: e5's amount is absent (the default 0), so the ratio divides by zero: its default.
      assertRow(rows.get(6), 0, 0, -1, 1, 8, 16, 0);
    }
  }

  @Test
  void lagsSurviveASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.processElement(payment("e1", "c1", 10, T0), 0);
      harness.processElement(payment("e2", "c1", 20, T0 + MINUTE), 0);
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SpecFeatures(SPEC)), e -> e.entityId, Types.STRING)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(payment("e3", "c1", 40, T0 + 2 * MINUTE), 0);
      assertRow(restored.extractOutputValues().get(0), 20, 10, 20, 2, 20, 80, 30);
    }
  }

  @Test
  void keepsTheLongestLagsCountBehindTheWatermarkAndEverythingAfterIt() {
    List<Recent> kept = List.of();
    long watermark = T0 + 5 * HOUR + 1;
    for (int i = 0; i < 10; i++) {
      kept = LastEvents.with(kept, at(i), 2, watermark);
    }
    // Hours 6 to 9 are after the watermark (an on-time event may still fall between them); of
    // those at or before it, the two newest are enough for a lag of 2.
    assertThat(kept).extracting(r -> r.numbers[0]).containsExactly(9.0, 8.0, 7.0, 6.0, 5.0, 4.0);
    // An event older than those kept behind the watermark is not kept.
    kept = LastEvents.with(kept, at(0), 2, watermark);
    assertThat(kept).extracting(r -> r.numbers[0]).containsExactly(9.0, 8.0, 7.0, 6.0, 5.0, 4.0);
    // The second previous of an event at hour 6.5 is hour 5, within a 2-hour window, not 3 hours.
    Recent second = LastEvents.nthBefore(kept, T0 + 6 * HOUR + HOUR / 2, 2, 2 * HOUR);
    assertThat(second.numbers[0]).isEqualTo(5.0);
    assertThat(LastEvents.nthBefore(kept, T0 + 6 * HOUR + HOUR / 2, 3, HOUR)).isNull();
  }

  private static Recent at(int hour) {
    return new Recent(T0 + hour * HOUR, new double[] {hour}, new String[0]);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Event, FeatureRow> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new SpecFeatures(SPEC), e -> e.entityId, Types.STRING);
  }

  private static Event payment(String id, String card, double amount, long at) {
    String amountField =
        Double.isNaN(amount) ? "" : String.format(Locale.ROOT, ",\"amount\":%s", amount);
    return Fixtures.event(
        SPEC,
        String.format(
            Locale.ROOT, "{\"id\":\"%s\",\"card\":\"%s\",\"at\":%d%s}", id, card, at, amountField),
        at);
  }

  private static void assertRow(FeatureRow row, double... expected) {
    assertThat(row.values).as(row.eventId).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.values[i])
          .as(row.eventId + " " + SPEC.layout().names().get(i))
          .isCloseTo(expected[i], within(1e-12));
    }
  }
}
