package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedRecordsTest {
  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

  @TempDir Path dir;

  /** A CSV of (id, t) rows with t in seconds after T0, in the order given. */
  private Path file(int... seconds) throws Exception {
    List<String> lines = new ArrayList<>(List.of("id,t"));
    for (int i = 0; i < seconds.length; i++) {
      lines.add("e" + i + "," + T0.plusSeconds(seconds[i]));
    }
    return ReplayFiles.lines(dir.resolve("t.csv"), lines.toArray(String[]::new));
  }

  private static ReplayDataset dataset(Path file, EventOrder order) {
    return new ReplayDataset(
        "t",
        file,
        FileFormat.CSV,
        "id",
        "id",
        new EventTime.FromColumn("t", EpochUnit.MILLIS),
        null,
        null,
        List.of(),
        order);
  }

  /** The ids of the records, in the order the replay would send them. */
  private static List<String> replayOrder(
      ReplayDataset dataset, ReplaySlice slice, long maxSortRows, BadRows badRows)
      throws Exception {
    List<String> ids = new ArrayList<>();
    try (RowSource source = RowSource.open(dataset.file(), dataset.format())) {
      OrderedRecords.of(
              source,
              new RowMapper(dataset, "t"),
              slice,
              dataset.order(),
              maxSortRows,
              badRows,
              "t.csv")
          .forEachRemaining(r -> ids.add(r.eventId()));
    }
    return ids;
  }

  private static BadRows noBadRows() {
    return new BadRows("t.csv", warning -> {});
  }

  @Test
  void anUnsortedFileIsSortedByEventTimeKeepingFileOrderAmongTies() throws Exception {
    ReplayDataset dataset = dataset(file(30, 10, 20, 10, 0), EventOrder.SORT);

    assertThat(replayOrder(dataset, ReplaySlice.ALL, 100, noBadRows()))
        .containsExactly("e4", "e1", "e3", "e2", "e0");
  }

  @Test
  void aLimitKeepsTheEarliestEventsAndBoundsWhatIsHeld() throws Exception {
    ReplayDataset dataset = dataset(file(50, 40, 30, 20, 10, 0), EventOrder.SORT);

    // A limit of 2 needs only 2 rows in memory, so a sort limit of 2 is enough.
    assertThat(replayOrder(dataset, ReplaySlice.firstRows(2), 2, noBadRows()))
        .containsExactly("e5", "e4");
  }

  @Test
  void moreRowsThanMaySortInMemoryAreRefusedWithAWayOut() throws Exception {
    ReplayDataset dataset = dataset(file(3, 2, 1), EventOrder.SORT);

    assertThatThrownBy(() -> replayOrder(dataset, ReplaySlice.ALL, 2, noBadRows()))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("replay.max.sort.rows")
        .hasMessageContaining("--order sorted");
  }

  @Test
  void aSortedFileIsStreamedWithinTheTimeBounds() throws Exception {
    ReplayDataset dataset = dataset(file(0, 10, 10, 20, 30, 40), EventOrder.SORTED);
    ReplaySlice slice = new ReplaySlice(Long.MAX_VALUE, T0.plusSeconds(10), T0.plusSeconds(30));

    assertThat(replayOrder(dataset, slice, 1, noBadRows())).containsExactly("e1", "e2", "e3");
  }

  @Test
  void aStreamedFileOutOfOrderStopsTheReplayNamingTheRow() throws Exception {
    ReplayDataset dataset = dataset(file(0, 10, 5, 20), EventOrder.SORTED);

    assertThatThrownBy(() -> replayOrder(dataset, ReplaySlice.ALL, 100, noBadRows()))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("row 3 of t.csv")
        .hasMessageContaining("--order sort");
  }

  @Test
  void badRowsAreCountedByReasonAndSkipped() throws Exception {
    Path file =
        ReplayFiles.lines(
            dir.resolve("t.csv"),
            "id,t",
            "e0," + T0,
            "e1,yesterday",
            "e2,",
            "e3," + T0.plus(Duration.ofSeconds(1)));
    List<String> warnings = new ArrayList<>();
    BadRows badRows = new BadRows("t.csv", warnings::add);

    List<String> ids = replayOrder(dataset(file, EventOrder.SORTED), ReplaySlice.ALL, 1, badRows);

    assertThat(ids).containsExactly("e0", "e3");
    assertThat(badRows.total()).isEqualTo(2);
    assertThat(badRows.breakdown())
        .contains("1 't': not a date or time")
        .contains("1 missing value for 't'");
    assertThat(warnings).hasSize(2).allMatch(w -> w.startsWith("skipped row "));
  }
}
