package io.osprey.sources.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.platform.config.Settings;
import io.osprey.sources.replay.FileFormat;
import io.osprey.sources.replay.ReplayDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedPaymentsFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 5_000;

  @Test
  void theSameSettingsWriteTheSameBytes(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("a.jsonl");
    Path second = dir.resolve("b.jsonl");
    SimulatedPaymentsFile.write(first, EVENTS, SimulatorConfig.defaults());
    SimulatedPaymentsFile.write(second, EVENTS, SimulatorConfig.defaults());

    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    SimulatorConfig otherSeed =
        SimulatorConfig.from(Settings.empty().with(SimulatorSettings.SEED, 8L));
    Path third = dir.resolve("c.jsonl");
    SimulatedPaymentsFile.write(third, EVENTS, otherSeed);
    assertThat(Files.readAllBytes(third)).isNotEqualTo(Files.readAllBytes(first));
  }

  @Test
  void eventsFollowTheSimulatorsTimelineAndOnlyVerdictsCarryALabel(@TempDir Path dir)
      throws Exception {
    SimulatorConfig config = SimulatorConfig.defaults();
    Path file = dir.resolve("payments.jsonl");
    ReplayDataset dataset = SimulatedPaymentsFile.write(file, EVENTS, config);
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(JSON.readTree(line));
    }

    assertThat(dataset.format()).isEqualTo(FileFormat.JSON);
    assertThat(dataset.removedColumns()).containsExactlyInAnyOrder("fraud", "labelTime");
    assertThat(rows).hasSize(EVENTS);
    long start = SimulatedPaymentsFile.START.toEpochMilli();
    // 200 events a second of wall time, event time 20 times faster: one every 100 ms.
    assertThat(rows.get(0).get("eventTime").asLong()).isEqualTo(start);
    assertThat(rows.get(EVENTS - 1).get("eventTime").asLong())
        .isEqualTo(start + (EVENTS - 1) * 100L);
    long delay = config.labelDelayInEventTime().toMillis();
    assertThat(delay).isEqualTo(100_000L);
    int frauds = 0;
    int negatives = 0;
    for (JsonNode row : rows) {
      assertThat(row.has("ipAddress")).as("null fields are left out").isFalse();
      assertThat(row.get("eventId").asText()).isNotBlank();
      assertThat(row.has("fraud")).isEqualTo(row.has("labelTime"));
      if (row.has("fraud")) {
        assertThat(row.get("labelTime").asLong() - row.get("eventTime").asLong()).isEqualTo(delay);
        if (row.get("fraud").asBoolean()) {
          frauds++;
        } else {
          negatives++;
        }
      }
    }
    // Defaults: 0.4 % of events start an episode, card testing bursts of 6-15: about 2 % fraud;
    // 2 % of genuine payments get an analyst's "not fraud"; the rest no label at all.
    assertThat(frauds).isBetween(EVENTS / 200, EVENTS / 20);
    assertThat(negatives).isBetween(EVENTS / 200, EVENTS / 20);
  }
}
