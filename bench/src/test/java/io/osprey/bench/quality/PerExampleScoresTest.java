package io.osprey.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.osprey.trainer.intake.LabelledExample;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-example scores, the figures recomputed from them, and the previous-label baseline. */
class PerExampleScoresTest {
  private static final long T0 = 1_700_000_000_000L;

  /** Four examples a minute apart: two positives, two negatives. */
  private static final List<LabelledExample> EXAMPLES =
      List.of(
          example("e0", 0, true),
          example("e1", 1, true),
          example("e2", 2, false),
          example("e3", 3, false));

  private static final double[] LABELS = {1, 1, 0, 0};

  @Test
  void figuresOfATinyCaseComputedByHand() {
    // Scores 0.8, 0.4 (positives), 0.6, 0.1 (negatives); flags at 0.5: 1, 0, 1, 0.
    ContenderScores c =
        ContenderScores.everyRow(
            "c", "a contender", new double[] {0.8, 0.4, 0.6, 0.1}, new double[] {1, 0, 1, 0});

    ModelQuality q = c.quality(LABELS, 0);

    // One caught, one missed, one false alarm, one rightly passed.
    assertThat(q.accuracy()).isEqualTo(0.5);
    assertThat(q.f1()).isEqualTo(0.5);
    // -(ln 0.8 + ln 0.4 + ln(1 - 0.6) + ln(1 - 0.1)) / 4
    assertThat(q.logLoss()).isCloseTo(0.5402714, offset(1e-7));
    // Ranked 0.8+, 0.6-, 0.4+, 0.1-: precision 1 at the first positive, 2/3 at the second.
    assertThat(q.prAuc()).isCloseTo((1 + 2.0 / 3) / 2, offset(1e-12));
    // Of the four positive-negative pairs only (0.4, 0.6) is misordered.
    assertThat(q.rocAuc()).isEqualTo(0.75);

    // From row 2 on: two negatives, one flagged.
    ModelQuality tail = c.quality(LABELS, 2);
    assertThat(tail.decisions().total()).isEqualTo(2);
    assertThat(tail.accuracy()).isEqualTo(0.5);
    assertThat(tail.prAuc()).isNaN();
    assertThat(c.judgedFrom(2)).isEqualTo(2);
  }

  @Test
  void csvRoundTripRecomputesTheSameFigures() throws Exception {
    ContenderScores served =
        new ContenderScores(
            "served",
            "served",
            new int[] {0, 2, 3}, // e1 had no served prediction
            new double[] {0.3, 0.7, 0.05},
            new double[] {0, 1, 0},
            new long[] {0, 4, 4});
    ContenderScores learner =
        ContenderScores.everyRow(
            "learner",
            "learner",
            new double[] {0.9, 1e-7 / 3, 0.2, 0.6},
            new double[] {1, 0, 0, 1});

    StringWriter out = new StringWriter();
    ScoresCsv.write(out, 2, EXAMPLES, List.of(served, learner));
    List<ScoresCsv.Row> rows = ScoresCsv.read(new StringReader(out.toString()));

    assertThat(rows).hasSize(7);
    assertThat(rows.get(1))
        .isEqualTo(new ScoresCsv.Row(2, "served", "e2", T0 + 120_000, 0, 0.7, 1, 4L));
    assertThat(rows.get(4).modelVersion()).isNull();
    assertThat(rows.get(4).score()).isEqualTo(1e-7 / 3); // exact, not rounded
    for (ContenderScores c : List.of(served, learner)) {
      List<ScoresCsv.Row> mine = rows.stream().filter(r -> r.contender().equals(c.id())).toList();
      ContenderScores back =
          ContenderScores.everyRow(
              c.id(),
              c.description(),
              mine.stream().mapToDouble(ScoresCsv.Row::score).toArray(),
              mine.stream().mapToDouble(ScoresCsv.Row::decision).toArray());
      double[] labels = mine.stream().mapToDouble(ScoresCsv.Row::label).toArray();
      assertThat(back.quality(labels, 0)).isEqualTo(c.quality(LABELS, 0));
    }
  }

  @Test
  void gzipFilesRoundTrip(@TempDir Path dir) throws Exception {
    ContenderScores c =
        ContenderScores.everyRow(
            "c", "c", new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0, 0, 0, 1});
    Path file = dir.resolve("scores.csv.gz");

    ScoresCsv.write(file, 1, EXAMPLES, List.of(c));

    assertThat(ScoresCsv.read(file))
        .extracting(ScoresCsv.Row::eventId)
        .containsExactly("e0", "e1", "e2", "e3");
  }

  @Test
  void previousLabelReadsOnlyMaturedLabelsOfTheSameKey() {
    // Keys a, b, a, b, a a minute apart; labels mature 90 s after their event.
    List<LabelledExample> examples =
        List.of(
            example("x0", 0, true),
            example("x1", 1, false),
            example("x2", 2, false),
            example("x3", 3, true),
            example("x4", 4, true));
    List<String> keys = List.of("a", "b", "a", "b", "c");

    ContenderScores baseline = PreviousLabel.scores(examples, keys, Duration.ofSeconds(90));

    // x0, x1: nothing matured. x2 (t=2 min): x0 matured (a=1). x3: x1 matured (b=0).
    // x4 (key c, never seen): the latest matured label of any key, x2's 0.
    assertThat(baseline.scores()).containsExactly(0, 0, 1, 0, 0);
    assertThat(baseline.decisions()).containsExactly(0, 0, 1, 0, 0);
    assertThat(baseline.id()).isEqualTo(PreviousLabel.ID);
  }

  @Test
  void judgedSpanStartsAtTheFirstTrainedModelsFirstEvent() {
    ContenderScores served =
        new ContenderScores(
            "served",
            "served",
            new int[] {0, 2, 3},
            new double[] {0.3, 0.7, 0.05},
            new double[] {0, 1, 0},
            new long[] {0, 4, 0});
    long[] times = EXAMPLES.stream().mapToLong(LabelledExample::eventTime).toArray();

    assertThat(JudgedSpan.of(served, new long[] {10, 20, 30}, times))
        .contains(new JudgedSpan(2, T0 + 120_000, 4));
    ContenderScores neverTrained =
        new ContenderScores(
            "served",
            "served",
            new int[] {0},
            new double[] {0.3},
            new double[] {0},
            new long[] {0});
    assertThat(JudgedSpan.of(neverTrained, new long[] {10}, times)).isEqualTo(Optional.empty());
  }

  /**
   * Two scorer threads: the one behind in event time scores row 1 with model 4 at wall time 20; the
   * one ahead had scored rows 2 and 3 with the fallback rule before (wall times 12 and 15). The
   * span starts after them, at row 4, the first row every one of whose successors was scored once
   * the model was live; the fallback row scored later (a thread that had not loaded the model yet,
   * row 5 at wall time 25) stays in.
   */
  @Test
  void judgedSpanStartsOnceAModelWasLiveInWallClockTime() {
    long[] eventTimes = {0, 1, 2, 3, 4, 5, 6};
    ContenderScores served =
        new ContenderScores(
            "served",
            "served",
            new int[] {0, 1, 2, 3, 4, 5, 6},
            new double[7],
            new double[7],
            new long[] {0, 4, 0, 0, 4, 0, 5});
    long[] scoredTimes = {5, 20, 12, 15, 22, 25, 30};

    assertThat(JudgedSpan.of(served, scoredTimes, eventTimes)).contains(new JudgedSpan(4, 4, 4));
    // Judged from row 4: the fallback rows 2 and 3 scored before the model was live are out.
    assertThat(served.judgedFrom(4)).isEqualTo(3);
  }

  @Test
  void spreadIsMeanMinAndMaxOverDefinedRuns() {
    Spread spread = Spread.of(0.5, Double.NaN, 0.8, 0.65);

    assertThat(spread.runs()).isEqualTo(3);
    assertThat(spread.mean()).isCloseTo(0.65, offset(1e-12));
    assertThat(spread.describe()).isEqualTo("0.650 (0.500–0.800)");
    assertThat(Spread.of(0.25).describe()).isEqualTo("0.250");
    assertThat(Spread.of(Double.NaN).describe()).isEqualTo("n/a");
  }

  private static LabelledExample example(String id, int minute, boolean positive) {
    return new LabelledExample(id, T0 + minute * 60_000L, new double[] {minute}, positive);
  }
}
