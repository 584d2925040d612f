package io.osprey.ingest.join;

import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.label;
import static io.osprey.ingest.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

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

  private KeyedTwoInputStreamOperatorTestHarness<String, FeatureRow, LabelEvent, Example> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new LabelJoin(Duration.ofMillis(MATURITY), Duration.ofMillis(ORPHAN)),
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
  void labelAfterTheEventJoinsTheExactScoredVector() throws Exception {
    FeatureRow scored = vector("e1", "c1");
    harness.processElement1(scored, 0);
    harness.setProcessingTime(T0 + 10_000);
    harness.processElement2(label("e1", true), 0);

    List<Example> out = harness.extractOutputValues();
    assertThat(out).hasSize(1);
    Example example = out.get(0);
    assertThat(example.features).usingRecursiveComparison().isEqualTo(scored);
    assertThat(example.fraud).isTrue();
    assertThat(example.labelTime).isEqualTo(T0 + Duration.ofHours(1).toMillis());
    assertThat(example.labelSource).isEqualTo("analyst");
    assertThat(example.maturedTime).isEqualTo(T0 + 10_000);

    // The maturity window closing later emits nothing more.
    harness.setProcessingTime(T0 + MATURITY);
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void labelBeforeTheEventWaitsForItsVector() throws Exception {
    harness.processElement2(label("e1", true), 0);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.setProcessingTime(T0 + 1_000);
    harness.processElement1(vector("e1", "c1"), 0);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(e -> assertThat(e.fraud).isTrue());
    // The orphan horizon passing afterwards dead-letters nothing.
    harness.setProcessingTime(T0 + 2 * ORPHAN);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void noLabelWithinMaturityIsANegativeAndALateLabelIsDeadLettered() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.setProcessingTime(T0 + MATURITY - 1);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.setProcessingTime(T0 + MATURITY);

    Example negative = harness.extractOutputValues().get(0);
    assertThat(negative.fraud).isFalse();
    assertThat(negative.labelTime).isNull();
    assertThat(negative.maturedTime).isEqualTo(T0 + MATURITY);
    assertThat(negative.toAvro().getLabelTime()).isNull();

    harness.processElement2(label("e1", true), 0);
    Rejected late = deadLetters().get(0);
    assertThat(late.stage).isEqualTo(Rejected.JOIN);
    assertThat(late.reason).contains("after the example of its event was emitted");
    assertThat(late.sourceTopic).isEqualTo("labels");
    assertThat(late.sourceOffset).isEqualTo(7);
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void anOrphanLabelIsDeadLetteredAfterTheHorizon() throws Exception {
    harness.processElement2(label("e9", false), 0);
    harness.setProcessingTime(T0 + ORPHAN);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stage).isEqualTo(Rejected.JOIN);
              assertThat(r.reason).contains("no transaction with this eventId");
            });
    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void stateIsClearedOnceEverythingIsEmitted() throws Exception {
    harness.processElement1(vector("e1", "c1"), 0);
    harness.processElement2(label("e2", false), 0);
    harness.setProcessingTime(T0 + MATURITY);
    harness.processElement1(vector("e2", "c1"), 0);
    assertThat(harness.extractOutputValues()).hasSize(2);

    // The "emitted" marker lives for the orphan horizon after emission, then goes too.
    harness.setProcessingTime(T0 + MATURITY + ORPHAN);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  private List<Rejected> deadLetters() {
    return harness.getSideOutput(DeadLetters.TAG) == null
        ? List.of()
        : harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
  }
}
