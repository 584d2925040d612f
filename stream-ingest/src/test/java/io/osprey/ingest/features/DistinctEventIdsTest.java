package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.HOUR;
import static io.osprey.ingest.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.model.FeatureRow;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DistinctEventIdsTest {
  @Test
  void theFirstVectorOfAnEventIdWinsWhateverTheEntityUntilTheHorizon() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, FeatureRow, FeatureRow> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new DistinctEventIds(Duration.ofHours(1)), v -> v.eventId, Types.STRING)) {
      harness.setProcessingTime(T0);
      harness.processElement(row("e1", "card-a"), 0);
      harness.processElement(row("e1", "card-b"), 0);
      harness.processElement(row("e2", "card-b"), 0);

      assertThat(harness.extractOutputValues())
          .extracting(v -> v.eventId + "@" + v.entityId)
          .containsExactly("e1@card-a", "e2@card-b");

      harness.setProcessingTime(T0 + HOUR);
      assertThat(harness.numKeyedStateEntries()).isZero();
      harness.processElement(row("e1", "card-b"), 0);
      assertThat(harness.extractOutputValues()).hasSize(3);
    }
  }

  private static FeatureRow row(String eventId, String entityId) {
    FeatureRow row = new FeatureRow();
    row.eventId = eventId;
    row.entityId = entityId;
    row.values = new double[] {1};
    return row;
  }
}
