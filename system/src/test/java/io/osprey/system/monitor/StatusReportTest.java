package io.osprey.system.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  @Test
  void summaryIsOneLineOfJsonWithTheDocumentedFields() throws Exception {
    StatusReport report = new StatusReport(1000, 998, 2, 3, 4.25, 17.5, 0.8, Double.NaN, 120);

    String json = report.summaryJson();
    JsonNode node = new ObjectMapper().readTree(json);

    assertThat(json).doesNotContain("\n");
    assertThat(node.fieldNames())
        .toIterable()
        .containsExactly(
            "events",
            "predictions",
            "deadLetters",
            "modelVersion",
            "latencyP50Ms",
            "latencyP99Ms",
            "precision",
            "recall");
    assertThat(node.get("predictions").asLong()).isEqualTo(998);
    assertThat(node.get("latencyP99Ms").asDouble()).isEqualTo(17.5);
    assertThat(node.get("recall").isNull()).isTrue();
  }

  @Test
  void statusLineNamesTheFallbackBeforeTheFirstModel() {
    StatusReport report =
        new StatusReport(10, 9, 1, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    assertThat(report.statusLine(5)).contains("model fallback rule").contains("latency p50 -");
  }

  @Test
  void statusLineShowsIngestRestartsOnlyWhenThereWereSome() {
    StatusReport quiet = new StatusReport(10, 9, 1, 2, 1, 2, 0.5, 0.5, 4);
    StatusReport looping = new StatusReport(10, 9, 1, 2, 1, 2, 0.5, 0.5, 4, 7);

    assertThat(quiet.statusLine(5)).doesNotContain("restarts");
    assertThat(looping.statusLine(5)).endsWith(" | ingest restarts 7");
  }

  @Test
  void statusLineShowsTheServedModelsAgeOnceKnown() {
    StatusReport unknown = new StatusReport(10, 9, 1, 2, 1, 2, 0.5, 0.5, 4, 0);
    StatusReport young = new StatusReport(10, 9, 1, 2, 1, 2, 0.5, 0.5, 4, 0, 95_000, 1_234);
    StatusReport old = new StatusReport(10, 9, 1, 2, 1, 2, 0.5, 0.5, 4, 0, 3 * 86_400_000L, 7);

    assertThat(unknown.statusLine(5)).contains("| model v2 |");
    assertThat(young.statusLine(5)).contains("| model v2 (age 1m35s, 1,234 events) |");
    assertThat(old.statusLine(5)).contains("| model v2 (age 3d00h, 7 events) |");
  }
}
