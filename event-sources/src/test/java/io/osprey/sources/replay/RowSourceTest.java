package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.sources.replay.ReplayFiles.Flight;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowSourceTest {
  @TempDir Path dir;

  private static List<SourceRow> readAll(RowSource source) throws Exception {
    List<SourceRow> rows = new ArrayList<>();
    try (source) {
      source.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void csvNumbersBecomeNumbersAndCodesStayText() throws Exception {
    Path file =
        ReplayFiles.lines(
            dir.resolve("s.csv"),
            "reading,mote_id,zip,humidity,note",
            "1,1,0042,45.93,ok",
            "2,1,0043,45.9,\"quoted, with comma\"",
            "3,1,0044,46,ok");

    List<SourceRow> rows = readAll(RowSource.open(file, FileFormat.CSV));

    assertThat(rows).hasSize(3);
    Map<String, Object> first = rows.get(0).values();
    assertThat(first)
        .containsEntry("reading", 1L)
        .containsEntry("mote_id", 1L)
        .containsEntry("zip", "0042")
        .containsEntry("humidity", 45.93)
        .containsEntry("note", "ok");
    assertThat(first.keySet()).containsExactly("reading", "mote_id", "zip", "humidity", "note");
    assertThat(rows.get(1).values()).containsEntry("note", "quoted, with comma");
    assertThat(rows.get(1).number()).isEqualTo(2);
    assertThat(rows.get(2).values())
        .as("a whole number in a decimal column stays a decimal")
        .containsEntry("humidity", 46.0)
        .containsEntry("reading", 3L);
  }

  @Test
  void csvBadRowsAreReportedInPlaceAndReadingGoesOn() throws Exception {
    Path file =
        ReplayFiles.lines(
            dir.resolve("bad.csv"),
            "reading,mote_id,humidity",
            "1,1,45.9",
            "2,1,wet",
            "3,1",
            "4,1,",
            "5,1,46.1");

    List<SourceRow> rows = readAll(RowSource.open(file, FileFormat.CSV));

    assertThat(rows).extracting(SourceRow::number).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(rows.get(1).problem()).isEqualTo("'humidity' is not a number: 'wet'");
    assertThat(rows.get(2).problem()).isEqualTo("2 fields where the header has 3");
    assertThat(rows.get(3).problem()).isNull();
    assertThat(rows.get(3).values()).containsEntry("humidity", null); // missing: the mapper decides
    assertThat(rows.get(4).values()).containsEntry("humidity", 46.1);
  }

  @Test
  void jsonLinesKeepTheirTypesAndMalformedLinesAreReported() throws Exception {
    Path file =
        ReplayFiles.lines(
            dir.resolve("e.jsonl"),
            "{\"id\":\"a\",\"amount\":12.5,\"n\":3,\"ok\":true,\"tags\":[1,2]}",
            "",
            "{\"id\":\"b\",",
            "[1,2]",
            "{\"id\":\"c\",\"amount\":null}");

    List<SourceRow> rows = readAll(RowSource.open(file, FileFormat.JSON));

    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).values())
        .containsEntry("id", "a")
        .containsEntry("amount", 12.5)
        .containsEntry("n", 3L)
        .containsEntry("ok", true);
    assertThat(rows.get(0).values().get("tags").toString()).isEqualTo("[1,2]");
    assertThat(rows.get(1).problem()).startsWith("malformed JSON");
    assertThat(rows.get(2).problem()).isEqualTo("expected a JSON object, got ARRAY");
    assertThat(rows.get(3).values()).containsEntry("amount", null);
  }

  @Test
  void parquetTimestampsWithoutZoneAreReadAsUtcEpochMillis() throws Exception {
    Path file =
        ReplayFiles.parquet(
            dir.resolve("f.parquet"),
            List.of(
                new Flight("2001-01-01T00:01", 33L, 2176L, "LAS", "PHL"),
                new Flight("2001-01-01T00:02", null, 215L, "ATL", "SAV")));

    RowSource source = RowSource.open(file, FileFormat.PARQUET);
    assertThat(source.rowCount()).hasValue(2);
    List<SourceRow> rows = readAll(source);

    assertThat(rows.get(0).values())
        .containsEntry("date", Instant.parse("2001-01-01T00:01:00Z").toEpochMilli())
        .containsEntry("delay", 33L)
        .containsEntry("distance", 2176L)
        .containsEntry("origin", "LAS");
    assertThat(rows.get(1).values()).containsEntry("delay", null);
  }

  @Test
  void theFormatFollowsTheExtension() {
    assertThat(FileFormat.ofFile(Path.of("a/b.CSV"))).isEqualTo(FileFormat.CSV);
    assertThat(FileFormat.ofFile(Path.of("b.ndjson"))).isEqualTo(FileFormat.JSON);
    assertThat(FileFormat.ofFile(Path.of("flights-3m.parquet"))).isEqualTo(FileFormat.PARQUET);
    assertThatThrownBy(() -> FileFormat.ofFile(Path.of("data.txt")))
        .hasMessageContaining("--format");
  }
}
