package io.osprey.ingest.join;

import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.label;
import static io.osprey.ingest.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.parse.DeadLetters;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LabelJoin} on the event clock: watermarks, not the wall clock, close windows, and a label
 * counts by its {@code labelTime}, whenever it arrives. The orders of arrival here are those of a
 * fast replay or a batch run, where a key's labels may all come before its window closes.
 */
class LabelJoinEventClockTest {
  private static final long MATURITY = Duration.ofHours(1).toMillis();
  private static final long ORPHAN = Duration.ofMinutes(10).toMillis();
  private static final long CORRECTION = Duration.ofDays(60).toMillis();

  /** The vectors of Fixtures happen at T0; their window closes here. */
  private static final long MATURED = T0 + MATURITY;

  private KeyedTwoInputStreamOperatorTestHarness<String, FeatureRow, LabelEvent, Example> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new LabelJoin(
                Duration.ofMillis(MATURITY),
                Duration.ofMillis(ORPHAN),
                Duration.ofMillis(CORRECTION),
                JoinClock.of(MaturityClock.EVENT)),
            v -> v.eventId,
            l -> l.eventId,
            Types.STRING);
    harness.setProcessingTime(T0);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void theWatermarkClosesTheWindowNotTheWallClock() throws Exception {
    harness.processElement1(vector("e1", "c1"), T0);
    harness.processElement2(label("e1", true, T0 + 10 * 60_000), T0 + 10 * 60_000);

    harness.setProcessingTime(T0 + Duration.ofDays(365).toMillis());
    watermark(MATURED - 1);
    assertThat(harness.extractOutputValues()).isEmpty();

    watermark(MATURED);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.fraud).isTrue();
              assertThat(e.labelTime).isEqualTo(T0 + 10 * 60_000);
              assertThat(e.maturedTime).as("event time").isEqualTo(MATURED);
            });
  }

  @Test
  void aLabelFromAfterTheWindowArrivingEarlyCorrectsInsteadOfDeciding() throws Exception {
    harness.processElement1(vector("e1", "c1"), T0);
    // Arrives before the window closed (as in a batch run), but happened two hours later.
    harness.processElement2(label("e1", true, T0 + 2 * MATURITY), T0 + 2 * MATURITY);
    watermark(T0 + 3 * MATURITY);

    assertThat(harness.extractOutputValues())
        .extracting(e -> e.fraud, e -> e.labelTime, e -> e.maturedTime)
        .containsExactly(
            tuple(false, null, MATURED), tuple(true, T0 + 2 * MATURITY, T0 + 2 * MATURITY));
  }

  @Test
  void labelsBeforeTheVectorAreWeighedByLabelTimeOnceItArrives() throws Exception {
    // Both come first: one inside the window-to-be (it decides), one after it (it corrects).
    harness.processElement2(label("e1", false, T0 + 2 * MATURITY), T0 + 2 * MATURITY);
    harness.processElement2(label("e1", true, T0 + 60_000), T0 + 60_000);
    harness.processElement1(vector("e1", "c1"), T0);
    watermark(T0 + 3 * MATURITY);

    assertThat(harness.extractOutputValues())
        .extracting(e -> e.fraud, e -> e.labelTime, e -> e.maturedTime)
        .containsExactly(
            tuple(true, T0 + 60_000, MATURED), tuple(false, T0 + 2 * MATURITY, T0 + 2 * MATURITY));
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aLateLabelCorrectsWithALaterMaturedTimeThanTheExampleItCorrects() throws Exception {
    harness.processElement1(vector("e1", "c1"), T0);
    watermark(MATURED);
    // It happened inside the window, but arrives after it closed: a correction, never earlier.
    harness.processElement2(label("e1", true, T0 + 60_000), T0 + 60_000);

    assertThat(harness.extractOutputValues())
        .extracting(e -> e.fraud, e -> e.maturedTime)
        .containsExactly(tuple(false, MATURED), tuple(true, MATURED + 1));
  }

  @Test
  void anOrphanWaitsUntilItsLabelTimePlusTheHorizon() throws Exception {
    harness.processElement2(label("e9", true, T0), T0);
    harness.processElement2(label("e9", false, T0 + 1_000), T0 + 1_000);
    watermark(T0 + ORPHAN - 1);
    assertThat(deadLetters()).isEmpty();

    watermark(T0 + ORPHAN);
    // The latest label is the dead letter; the earlier one was superseded by it.
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stage).isEqualTo(Rejected.JOIN);
              assertThat(r.reason).startsWith("no transaction with this eventId");
              assertThat(r.rawValue).isEqualTo(label("e9", false, T0 + 1_000).rawValue);
            });
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aWaitingLabelBeyondTheCorrectionHorizonIsAnOrphanAtMaturity() throws Exception {
    harness.processElement1(vector("e1", "c1"), T0);
    harness.processElement2(label("e1", true, MATURED + CORRECTION + 1), T0);
    watermark(MATURED);

    assertThat(harness.extractOutputValues()).extracting(e -> e.fraud).containsExactly(false);
    assertThat(deadLetters()).singleElement().satisfies(r -> assertThat(r.stage).isEqualTo("join"));
  }

  private void watermark(long time) throws Exception {
    harness.processBothWatermarks(new Watermark(time));
  }

  private List<Rejected> deadLetters() {
    var side = harness.getSideOutput(DeadLetters.TAG);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}
