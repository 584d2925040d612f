package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.MINUTE;
import static io.osprey.ingest.Fixtures.PAYMENTS;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.schema.features.FeatureLayout;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in payment spec through the spec engine gives exactly the eight features the job
 * computed before specs existed: same names, order and values on a crafted sequence.
 */
class PaymentFeaturesTest {
  private static final long WALL_CLOCK = T0 + 5_000;
  private static final double THIRTY_DAYS_SECONDS = Duration.ofDays(30).toSeconds();

  private KeyedOneInputStreamOperatorTestHarness<String, Event, FeatureRow> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SpecFeatures(PAYMENTS), e -> e.entityId, Types.STRING);
    harness.setProcessingTime(WALL_CLOCK);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void computesThePaymentsLayoutInOrderOnACraftedSequence() throws Exception {
    harness.processElement(payment("e1", "c1", 100, "NL", "POS", "5411", T0), 0);
    harness.processElement(payment("e2", "c1", 50, "DE", "ECOM", "7995", T0 + 10 * MINUTE), 0);
    // 65 minutes: e1 has left the hour, e2 is in it.
    harness.processElement(payment("e3", "c1", 30, "DE", "POS", "5411", T0 + 65 * MINUTE), 0);
    // Arrives after e3 but happened before it: e3 is in e4's future, so it is neither counted nor
    // e4's previous payment (e2 is, 50 minutes earlier).
    harness.processElement(payment("e4", "c1", 10, "DE", "POS", "6051", T0 + 60 * MINUTE), 0);
    // Another card shares nothing with c1.
    harness.processElement(payment("e5", "c2", 20, "FR", "ATM", "5411", T0 + 11 * MINUTE), 0);

    List<FeatureRow> rows = harness.extractOutputValues();
    assertThat(rows).extracting(r -> r.eventId).containsExactly("e1", "e2", "e3", "e4", "e5");
    // The card's eight columns first, as before issue 13; the keyed and lag columns after them.
    assertThat(FeatureLayout.PAYMENTS.names())
        .startsWith(
            "amount_log",
            "count_1h",
            "sum_1h_log",
            "amount_to_mean_1h",
            "secs_since_prev_log",
            "country_changed",
            "is_ecom",
            "high_risk_mcc");

    assertValues(rows.get(0), Math.log1p(100), 0, 0, 1.0, Math.log1p(THIRTY_DAYS_SECONDS), 0, 0, 0);
    assertValues(rows.get(1), Math.log1p(50), 1, Math.log1p(100), 0.5, Math.log1p(600), 1, 1, 1);
    assertValues(rows.get(2), Math.log1p(30), 1, Math.log1p(50), 0.6, Math.log1p(3300), 0, 0, 0);
    assertValues(rows.get(3), Math.log1p(10), 1, Math.log1p(50), 0.2, Math.log1p(3000), 0, 0, 1);
    assertThat(rows).noneMatch(r -> r.late); // no watermark yet: nothing is late
    assertValues(rows.get(4), Math.log1p(20), 0, 0, 1.0, Math.log1p(THIRTY_DAYS_SECONDS), 0, 0, 0);

    // The card's previous amount and the change against it (log scale): e4's previous is e2.
    int prev = FeatureLayout.PAYMENTS.names().indexOf("prev_amount_log");
    int change = FeatureLayout.PAYMENTS.names().indexOf("amount_log_change");
    assertThat(rows.get(0).values[prev]).isZero();
    assertThat(rows.get(3).values[prev]).isCloseTo(Math.log1p(50), within(1e-12));
    assertThat(rows.get(3).values[change])
        .isCloseTo(Math.log1p(10) - Math.log1p(50), within(1e-12));
    // Keyed and label-aware columns are another operator's (keyed-features): 0 here.
    int terminalRate = FeatureLayout.PAYMENTS.names().indexOf("terminal_fraud_rate_1h");
    assertThat(rows).allSatisfy(r -> assertThat(r.values[terminalRate]).isZero());
  }

  @Test
  void stampsTheVectorForScoringAndLatency() throws Exception {
    Event p = payment("e1", "c1", 100, "NL", "POS", "5411", T0);
    p.ingestTime = T0 + 100;
    harness.processElement(p, 0);

    FeatureRow row = harness.extractOutputValues().get(0);
    assertThat(row.entityId).isEqualTo("c1");
    assertThat(row.eventTime).isEqualTo(T0);
    assertThat(row.specHash).isEqualTo(FeatureLayout.PAYMENTS.specHash());
    assertThat(row.values).hasSize(FeatureLayout.PAYMENTS.size());
    assertThat(row.ingestTime).isEqualTo(T0 + 100);
    assertThat(row.featureTime).isEqualTo(WALL_CLOCK);
    assertThat(row.toAvro().getValues()).hasSize(FeatureLayout.PAYMENTS.size());
  }

  @Test
  void stateIsRestoredFromASnapshot() throws Exception {
    harness.processElement(payment("e1", "c1", 100, "NL", "POS", "5411", T0), 0);
    var snapshot = harness.snapshot(1, WALL_CLOCK);
    harness.close();

    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new SpecFeatures(PAYMENTS)), e -> e.entityId, Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    harness.processElement(payment("e2", "c1", 50, "NL", "POS", "5411", T0 + MINUTE), 0);

    assertThat(harness.extractOutputValues().get(0).values[1]).isEqualTo(1.0);
  }

  /** The first {@code expected.length} columns of {@code row}. */
  private static void assertValues(FeatureRow row, double... expected) {
    assertThat(row.values).as(row.eventId).hasSize(FeatureLayout.PAYMENTS.size());
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.values[i])
          .as(row.eventId + " " + FeatureLayout.PAYMENTS.names().get(i))
          .isCloseTo(expected[i], within(1e-12));
    }
  }
}
