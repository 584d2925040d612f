package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.PAYMENTS;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.schema.features.ValueBounds;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Valid but extreme events give finite, bounded vectors ({@link ValueBounds}). */
class ExtremeValuesTest {
  private static final int AMOUNT_TO_MEAN = PAYMENTS.layout().names().indexOf("amount_to_mean_1h");

  /** The poison pair: 1e-300 then an ordinary payment on the same card. */
  @Test
  void aTinyPaymentThenAnOrdinaryOneGivesTheRatioLimit() throws Exception {
    List<FeatureRow> rows =
        run(
            new SpecFeatures(PAYMENTS),
            payment("p1", "c1", 1e-300, "NL", "POS", "5411", T0),
            payment("p2", "c1", 100, "NL", "POS", "5411", T0 + MINUTE));

    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).values[AMOUNT_TO_MEAN]).isEqualTo(ValueBounds.QUOTIENT_LIMIT);
    rows.forEach(ExtremeValuesTest::assertBounded);
  }

  @Test
  void sumsThatOverflowAreBoundedAndNothingIsNan() throws Exception {
    // Doubles this spec does not bound: two readings of 1.7e308 overflow the sum (and the std).
    List<FeatureRow> rows =
        run(
            new SpecFeatures(AggregatesTest.SPEC),
            AggregatesTest.reading("r1", "s1", 1.7e308, "A", T0),
            AggregatesTest.reading("r2", "s1", 1.7e308, "A", T0 + MINUTE),
            AggregatesTest.reading("r3", "s1", -1.7e308, "A", T0 + 2 * MINUTE),
            AggregatesTest.reading("r4", "s1", 1e-300, "B", T0 + 3 * MINUTE));

    rows.forEach(ExtremeValuesTest::assertBounded);
    int sum = AggregatesTest.SPEC.layout().names().indexOf("sum_1h");
    assertThat(rows.get(2).values[sum]).isEqualTo(ValueBounds.LIMIT);
  }

  private static List<FeatureRow> run(SpecFeatures features, Event... events) throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Event, FeatureRow> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            features, e -> e.entityId, Types.STRING)) {
      harness.setProcessingTime(T0);
      for (Event event : events) {
        harness.processElement(event, event.eventTime);
      }
      return harness.extractOutputValues();
    }
  }

  private static void assertBounded(FeatureRow row) {
    assertThat(Arrays.stream(row.values).boxed().toList())
        .as("%s: %s", row.eventId, Arrays.toString(row.values))
        .allMatch(ValueBounds::within);
  }
}
