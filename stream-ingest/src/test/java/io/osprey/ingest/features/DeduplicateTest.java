package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.HOUR;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.model.Event;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DeduplicateTest {
  @Test
  void passesTheFirstOccurrenceAndForgetsItAfterTheHorizon() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new Deduplicate(Duration.ofHours(1)), e -> e.entityId, Types.STRING)) {
      harness.setProcessingTime(T0);
      harness.processElement(payment("e1", "c1", 10, "NL", "POS", "5411", T0), 0);
      harness.processElement(payment("e1", "c1", 10, "NL", "POS", "5411", T0), 0);
      harness.processElement(payment("e2", "c1", 10, "NL", "POS", "5411", T0), 0);
      harness.setProcessingTime(T0 + HOUR - 1);
      harness.processElement(payment("e1", "c1", 10, "NL", "POS", "5411", T0), 0);

      assertThat(harness.extractOutputValues())
          .extracting(p -> p.eventId)
          .containsExactly("e1", "e2");

      // Past the horizon the state is gone: nothing is kept, and a much later replay passes.
      harness.setProcessingTime(T0 + HOUR + Deduplicate.TIMER_GRANULARITY_MILLIS);
      assertThat(harness.numKeyedStateEntries()).isZero();
      harness.processElement(payment("e1", "c1", 10, "NL", "POS", "5411", T0), 0);
      assertThat(harness.extractOutputValues()).hasSize(3);
    }
  }
}
