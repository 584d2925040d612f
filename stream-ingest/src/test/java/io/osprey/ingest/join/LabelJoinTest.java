package io.osprey.ingest.join;

import static io.osprey.ingest.Fixtures.HOUR;
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
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelJoinTest {
  private static final long MATURITY = Duration.ofSeconds(30).toMillis();
  private static final long ORPHAN = Duration.ofMinutes(10).toMillis();
  private static final long CORRECTION = Duration.ofDays(60).toMillis();
  private static final long WEEK = Duration.ofDays(7).toMillis();

  private KeyedTwoInputStreamOperatorTestHarness<String, FeatureRow, LabelEvent, Example> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new LabelJoin(
                Duration.ofMillis(MATURITY),
                Duration.ofMillis(ORPHAN),
                Duration.ofMillis(CORRECTION),
                JoinClock.of(MaturityClock.PROCESSING)),
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
  void labelWithinMaturityJoinsTheExactScoredVectorWhenTheWindowCloses() throws Exception {
    FeatureRow scored = vector("e1", "c1");
    harness.processElement1(scored, 0);
    harness.setProcessingTime(T0 + 10_000);
    harness.processElement2(label("e1", true), 0);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.setProcessingTime(T0 + MATURITY);
    Example example = single();
    assertThat(example.features).usingRecursiveComparison().isEqualTo(scored);
    assertThat(example.fraud).isTrue();
    assertThat(example.labelTime).isEqualTo(T0 + HOUR);
    assertThat(example.labelSource).isEqualTo("analyst");
    assertThat(example.maturedTime).isEqualTo(T0 + MATURITY);
  }

  @Test
  void labelBeforeTheEventWaitsForItsVector() throws Exception {
    harness.processElement2(label("e1", true), 0);
    harness.setProcessingTime(T0 + 1_000);
    harness.processElement1(vector("e1", "c1"), 0);
    harness.setProcessingTime(T0 + 1_000 + MATURITY);

    assertThat(single().fraud).isTrue();
    // The orphan horizon passing afterwards dead-letters nothing.
    harness.setProcessingTime(T0 + 2 * ORPHAN);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void withinTheWindowTheLatestLabelDecides() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.processElement2(label("e1", true, T0 + 1_000), 0);
    harness.processElement2(label("e1", false, T0 + 3_000), 0); // corrected: later label time
    harness.processElement2(label("e1", true, T0 + 2_000), 0); // arrives last, decided earlier
    harness.setProcessingTime(T0 + MATURITY);

    Example example = single();
    assertThat(example.fraud).isFalse();
    assertThat(example.labelTime).isEqualTo(T0 + 3_000);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aDuplicateLabelChangesNothing() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.processElement2(label("e1", true), 0);
    harness.processElement2(label("e1", true), 0); // within the window
    harness.setProcessingTime(T0 + MATURITY);
    harness.processElement2(label("e1", true), 0); // after emission

    assertThat(single().fraud).isTrue();
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aLabelWeeksAfterMaturityCorrectsTheImplicitNegative() throws Exception {
    FeatureRow scored = vector("e1", "c1");
    harness.processElement1(scored, 0);
    harness.setProcessingTime(T0 + MATURITY);
    Example negative = single();
    assertThat(negative.fraud).isFalse();
    assertThat(negative.labelTime).isNull();
    assertThat(negative.toAvro().getLabelTime()).isNull();

    // A chargeback three weeks later: a corrected example, the same vector and event id.
    harness.setProcessingTime(T0 + 3 * WEEK);
    harness.processElement2(label("e1", true, T0 + 3 * WEEK), 0);
    List<Example> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    Example corrected = out.get(1);
    assertThat(corrected.features).usingRecursiveComparison().isEqualTo(scored);
    assertThat(corrected.fraud).isTrue();
    assertThat(corrected.labelTime).isEqualTo(T0 + 3 * WEEK);
    // Downstream keeps, per event id, the example with the latest maturedTime.
    assertThat(corrected.maturedTime).isGreaterThan(negative.maturedTime);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aCorrectionAfterEmissionFlipsTheVerdictAndAnOlderLabelDoesNot() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.processElement2(label("e1", true, T0 + 1_000), 0);
    harness.setProcessingTime(T0 + MATURITY);
    harness.setProcessingTime(T0 + WEEK);
    harness.processElement2(label("e1", true, T0 + 500), 0); // older than the deciding label
    harness.processElement2(label("e1", false, T0 + WEEK), 0); // the analyst reverses it

    assertThat(harness.extractOutputValues())
        .extracting(e -> e.fraud, e -> e.labelTime, e -> e.maturedTime)
        .containsExactly(
            tuple(true, T0 + 1_000, T0 + MATURITY), tuple(false, T0 + WEEK, T0 + WEEK));
  }

  @Test
  void aLabelBeyondTheCorrectionHorizonIsDeadLetteredAsAnOrphan() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.setProcessingTime(T0 + MATURITY + CORRECTION);
    assertThat(harness.numKeyedStateEntries()).isZero();

    harness.processElement2(label("e1", true), 0);
    harness.setProcessingTime(T0 + MATURITY + CORRECTION + ORPHAN);
    Rejected orphan = deadLetters().get(0);
    assertThat(orphan.stage).isEqualTo(Rejected.JOIN);
    assertThat(orphan.reason).contains("no transaction with this eventId", "correction horizon");
    assertThat(orphan.sourceTopic).isEqualTo("labels");
    assertThat(orphan.sourceOffset).isEqualTo(7);
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void anOrphanLabelIsDeadLetteredAfterTheHorizon() throws Exception {
    harness.processElement2(label("e9", false), 0);
    harness.setProcessingTime(T0 + ORPHAN);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(r -> assertThat(r.reason).contains("no transaction with this eventId"));
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void aRepeatedVectorIsCountedNotJoinedTwice() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.setProcessingTime(T0 + MATURITY);
    harness.processElement1(vector("e1", "c1"), 0);
    harness.setProcessingTime(T0 + 2 * MATURITY);
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void stateIsClearedOnceTheCorrectionHorizonIsOver() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.processElement2(label("e2", false), 0);
    harness.setProcessingTime(T0 + 1_000);
    harness.processElement1(vector("e2", "c1"), 0);
    harness.setProcessingTime(T0 + 1_000 + MATURITY);
    assertThat(harness.extractOutputValues()).hasSize(2);

    harness.setProcessingTime(T0 + 1_000 + MATURITY + CORRECTION);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  private Example single() {
    List<Example> out = harness.extractOutputValues();
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private List<Rejected> deadLetters() {
    return harness.getSideOutput(DeadLetters.TAG) == null
        ? List.of()
        : harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
  }
}
