package io.osprey.sources.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {
  @Test
  void theBarShowsShareRateEventTimeEtaAndLabels() {
    ReplayCounters counters = new ReplayCounters();
    counters.expectEvents(200);
    counters.events.set(50);
    counters.labels.set(40);
    counters.positives.set(7);
    counters.advanceClock(Instant.parse("2001-01-03T12:34:00Z").toEpochMilli());
    ReplayProgress progress =
        new ReplayProgress(
            new PrintStream(new ByteArrayOutputStream()), ReplayProgress.Mode.OFF, "flights");
    progress.start(counters, new BadRows("f", w -> {}));

    String line = progress.render(true);

    assertThat(line)
        .startsWith("flights [######..................]")
        .contains(" 25.0% 50/200 events")
        .contains("ev/s")
        .contains("2001-01-03 12:34")
        .contains("ETA ")
        .contains("labels 40 (7 positive)");
  }

  @Test
  void withoutATerminalItPrintsLinesAndTheSummaryLast() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReplayCounters counters = new ReplayCounters();
    counters.events.set(3);
    ReplayProgress progress =
        new ReplayProgress(new PrintStream(out, true), ReplayProgress.Mode.LINES, "t");
    progress.start(counters, new BadRows("f", w -> {}));
    progress.note("skipped row 2 of f: missing value for 'x'");

    progress.finish(new ReplaySummary("t", 3, 2, 1, 1, 0, 0, Duration.ofSeconds(2), false));

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("\r");
    assertThat(text.lines())
        .containsExactly(
            "replay: skipped row 2 of f: missing value for 'x'",
            "replay t done: 3 events, 2 labels (1 positive), 1 bad rows skipped, 2.0 s, 2 events/s");
  }
}
