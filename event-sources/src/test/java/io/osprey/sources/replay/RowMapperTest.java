package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.sources.simulator.SimulatedPaymentsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DATA = Path.of("data");
  private static final long DEPARTURE = Instant.parse("2001-03-04T10:00:00Z").toEpochMilli();

  private static Map<String, Object> flight(Object delay, Object distance) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("date", DEPARTURE);
    row.put("delay", delay);
    row.put("distance", distance);
    row.put("origin", "SFO");
    row.put("destination", "LAX");
    return row;
  }

  private static JsonNode event(ReplayRecord record) throws Exception {
    return JSON.readTree(record.event());
  }

  @Test
  void aFlightLosesItsDelayAndIsLabelledOnArrival() throws Exception {
    RowMapper mapper = new RowMapper(Presets.flights(DATA), "flights");

    ReplayRecord late = mapper.map(SourceRow.of(7, flight(16L, 400L)));

    JsonNode event = event(late);
    assertThat(event.has("delay")).as("the label column is not a feature").isFalse();
    assertThat(event.get("eventId").asText()).isEqualTo("flights-7");
    assertThat(event.get("date").asLong()).isEqualTo(DEPARTURE);
    assertThat(event.get("distance").asLong()).isEqualTo(400);
    assertThat(event.get("origin").asText()).isEqualTo("SFO");
    assertThat(late.key()).isEqualTo("SFO");
    assertThat(late.eventTime()).isEqualTo(DEPARTURE);
    assertThat(late.verdict().positive()).isTrue();
    // 30 min taxi + 400 miles at 8 a minute (50 min) + 16 min late
    assertThat(late.verdict().labelTime() - DEPARTURE)
        .isEqualTo(Duration.ofMinutes(30 + 50 + 16).toMillis());

    ReplayRecord onTime = mapper.map(SourceRow.of(8, flight(15L, 400L)));
    assertThat(onTime.verdict().positive()).as("15 minutes is not > 15").isFalse();
  }

  @Test
  void anEarlyArrivalIsNeverLabelledBeforeTheDeparture() throws Exception {
    RowMapper mapper = new RowMapper(Presets.flights(DATA), "flights");

    ReplayRecord early = mapper.map(SourceRow.of(1, flight(-120L, 80L)));

    assertThat(early.verdict().labelTime()).isEqualTo(DEPARTURE);
    assertThat(early.verdict().positive()).isFalse();
  }

  @Test
  void aSensorReadingGetsASynthesizedTimeAndAStringEntity() throws Exception {
    RowMapper mapper = new RowMapper(Presets.sensors(DATA), "sensors");
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("reading", 13L);
    row.put("mote_id", 4L);
    row.put("indoor", 1L);
    row.put("humidity", 45.9);
    row.put("temperature", 27.95);
    row.put("label", 1L);

    ReplayRecord reading = mapper.map(SourceRow.of(900, row));

    long expectedTime =
        Instant.parse("2010-06-01T00:00:00Z").plus(Duration.ofSeconds(5 * 12)).toEpochMilli();
    assertThat(reading.eventTime()).isEqualTo(expectedTime);
    assertThat(reading.key()).isEqualTo("4");
    JsonNode event = event(reading);
    assertThat(event.get("time").asLong()).isEqualTo(expectedTime);
    assertThat(event.get("mote_id").isTextual()).isTrue();
    assertThat(event.get("humidity").asDouble()).isEqualTo(45.9);
    assertThat(event.has("label")).isFalse();
    assertThat(event.get("eventId").asText()).isEqualTo("sensors-900");
    assertThat(reading.verdict().positive()).isTrue();
    assertThat(reading.verdict().labelTime())
        .isEqualTo(expectedTime + Duration.ofHours(1).toMillis());
  }

  @Test
  void anIdColumnNamesTheEventAndDroppedColumnsAreGone() throws Exception {
    ReplayDataset dataset =
        new ReplayDataset(
            "payments",
            Path.of("p.jsonl"),
            FileFormat.JSON,
            "txId",
            "card",
            new EventTime.FromColumn("ts", EpochUnit.SECONDS),
            LabelRule.parse("status", "== chargeback"),
            new LabelTime.AfterDelay(Duration.ofDays(30)),
            List.of("status_reason"),
            EventOrder.SORT);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("txId", "tx-1");
    row.put("card", "c-9");
    row.put("ts", "2024-05-01T12:00:00Z");
    row.put("status", "chargeback");
    row.put("status_reason", "stolen card");

    ReplayRecord record = new RowMapper(dataset, "ignored").map(SourceRow.of(1, row));

    JsonNode event = event(record);
    assertThat(record.eventId()).isEqualTo("tx-1");
    assertThat(event.has("eventId")).isFalse();
    assertThat(event.has("status")).isFalse();
    assertThat(event.has("status_reason")).isFalse();
    assertThat(event.get("ts").asLong())
        .as("date-time text becomes epoch millis")
        .isEqualTo(Instant.parse("2024-05-01T12:00:00Z").toEpochMilli());
    assertThat(record.verdict().positive()).isTrue();
  }

  @Test
  void aRowWithAMissingOrUnreadableValueIsABadRowWithItsReason() {
    RowMapper mapper = new RowMapper(Presets.flights(DATA), "flights");

    assertThatThrownBy(() -> mapper.map(SourceRow.of(1, flight(null, 400L))))
        .isInstanceOf(BadRowException.class)
        .hasMessage("missing value for 'delay'");
    assertThatThrownBy(() -> mapper.map(SourceRow.of(2, flight(3L, "far"))))
        .isInstanceOf(BadRowException.class)
        .hasMessage("'distance' is not a number: 'far'");
    assertThatThrownBy(() -> mapper.map(SourceRow.unreadable(3, "malformed JSON")))
        .isInstanceOf(BadRowException.class)
        .hasMessage("malformed JSON");
  }

  @Test
  void labelRulesCompareNumbersTextAndTruth() throws Exception {
    assertThat(LabelRule.parse("x", ">= 2").positive(Map.of("x", 2L))).isTrue();
    assertThat(LabelRule.parse("x", "<2").positive(Map.of("x", 2.5))).isFalse();
    assertThat(LabelRule.parse("x", "!= 0").positive(Map.of("x", "3"))).isTrue();
    assertThat(LabelRule.parse("x", "= fraud").positive(Map.of("x", "fraud"))).isTrue();
    assertThat(LabelRule.parse("x", null).positive(Map.of("x", true))).isTrue();
    assertThat(LabelRule.parse("x", "").positive(Map.of("x", 0L))).isFalse();
    assertThat(LabelRule.parse("x", null).positive(Map.of("x", "yes"))).isTrue();
    assertThatThrownBy(() -> LabelRule.parse("x", null).positive(Map.of("x", "maybe")))
        .isInstanceOf(BadRowException.class);
    assertThatThrownBy(() -> LabelRule.parse("x", "> fifteen"))
        .hasMessageContaining("needs a number");
    assertThatThrownBy(() -> LabelRule.parse("x", "15")).hasMessageContaining("operator");
  }

  private static Map<String, Object> payment(String id, Object fraud, Object labelTime) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("eventId", id);
    row.put("cardId", "card-3");
    row.put("amount", 12.5);
    row.put("eventTime", DEPARTURE);
    if (fraud != null) {
      row.put("fraud", fraud);
      row.put("labelTime", labelTime);
    }
    return row;
  }

  @Test
  void aSimulatedPaymentWithoutAVerdictSendsNoLabelAndOneWithAVerdictAtItsTime() throws Exception {
    RowMapper mapper = new RowMapper(SimulatedPaymentsFile.dataset(Path.of("p.jsonl")), "x");

    ReplayRecord unlabelled = mapper.map(SourceRow.of(1, payment("sim-1", null, null)));
    ReplayRecord fraud = mapper.map(SourceRow.of(2, payment("sim-2", true, DEPARTURE + 100_000)));
    ReplayRecord cleared = mapper.map(SourceRow.of(3, payment("sim-3", false, DEPARTURE + 5)));

    assertThat(unlabelled.verdict()).as("matures into a negative in ingest").isNull();
    assertThat(fraud.verdict()).isEqualTo(new ReplayRecord.Verdict(true, DEPARTURE + 100_000));
    assertThat(cleared.verdict()).isEqualTo(new ReplayRecord.Verdict(false, DEPARTURE + 5));
    JsonNode event = event(fraud);
    assertThat(event.has("fraud")).as("the verdict is not a feature").isFalse();
    assertThat(event.has("labelTime")).isFalse();
    assertThat(event.get("eventId").asText()).as("the file's own id").isEqualTo("sim-2");
    assertThat(fraud.key()).isEqualTo("card-3");
    // A verdict without its time is still a bad row: only a row with neither is unlabelled.
    Map<String, Object> noTime = payment("sim-4", true, null);
    assertThatThrownBy(() -> mapper.map(SourceRow.of(4, noTime)))
        .isInstanceOf(BadRowException.class)
        .hasMessage("missing value for 'labelTime'");
  }

  @Test
  void aLabelTimeColumnIsNeverBeforeTheEvent() throws Exception {
    LabelTime fromColumn = new LabelTime.FromColumn("known", EpochUnit.MILLIS);

    assertThat(fromColumn.of(Map.of("known", DEPARTURE + 7), DEPARTURE)).isEqualTo(DEPARTURE + 7);
    assertThat(fromColumn.of(Map.of("known", DEPARTURE - 7), DEPARTURE)).isEqualTo(DEPARTURE);
    assertThat(fromColumn.of(Map.of("known", "2001-03-05T10:00:00Z"), DEPARTURE))
        .isEqualTo(DEPARTURE + Duration.ofDays(1).toMillis());
  }
}
