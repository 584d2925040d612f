package io.osprey.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.platform.config.Settings;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.LearnerKind;
import io.osprey.trainer.review.ThresholdPolicy;
import io.osprey.trainer.testing.SyntheticPayments;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quality API: three contenders, prequential and in sample, window by window. */
class QualityEvaluationTest {
  private static final List<LabelledExample> EXAMPLES =
      new SyntheticPayments(21, 0.05).labelled(4_000);

  @Test
  void reportsEachContenderWindowByWindowAndTheUpperBoundLeads() throws Exception {
    QualityReport report =
        QualityEvaluation.run(EXAMPLES, options(QualityWindows.everyExamples(500)));

    assertThat(report.windows()).hasSize(8);
    assertThat(report.windows()).extracting(WindowQuality::examples).containsOnly(500);
    assertThat(report.windows().stream().mapToInt(WindowQuality::frauds).sum())
        .isEqualTo((int) EXAMPLES.stream().filter(LabelledExample::fraud).count());
    assertThat(report.windows())
        .extracting(WindowQuality::fromEventTime)
        .isSorted()
        .first()
        .isEqualTo(EXAMPLES.get(0).eventTime());
    // The online models learn the pattern as they go...
    WindowQuality last = report.windows().get(7);
    assertThat(last.onlineMlp().prAuc()).isGreaterThan(0.9);
    assertThat(last.onlineLogReg().prAuc()).isGreaterThan(0.9);
    assertThat(report.windows().get(0).onlineMlp().prAuc()).isLessThan(last.onlineMlp().prAuc());
    // ...and nothing online beats a model that has seen every answer.
    assertThat(report.offlineUpperBound().prAuc()).isGreaterThan(0.95);
    assertThat(report.offlineUpperBound().prAuc())
        .isGreaterThanOrEqualTo(report.onlineMlp().prAuc())
        .isGreaterThanOrEqualTo(report.onlineLogReg().prAuc());
    assertThat(report.onlineMlp().decisions().total()).isEqualTo(EXAMPLES.size());

    StringWriter csv = new StringWriter();
    QualityCsv.write(report, csv);
    List<String> lines = csv.toString().lines().toList();
    assertThat(lines).hasSize(9);
    assertThat(lines.get(0))
        .startsWith("window,from_event_time,to_event_time,examples,frauds,mlp_");
    String[] cells = lines.get(8).split(",", -1);
    assertThat(cells).hasSize(29);
    assertThat(Double.parseDouble(cells[8])).isEqualTo(round(last.onlineMlp().prAuc()));
    assertThat(Double.parseDouble(cells[16])).isEqualTo(round(last.offlineUpperBound().prAuc()));
    assertThat(Double.parseDouble(cells[20])).isEqualTo(round(report.onlineMlp().prAuc()));
    assertThat(Double.parseDouble(cells[28])).isEqualTo(round(report.offlineUpperBound().prAuc()));
  }

  @Test
  void sinceStartFiguresRunFromTheFirstWindowToTheOverallOnes() {
    QualityReport report =
        QualityEvaluation.run(EXAMPLES, options(QualityWindows.everyExamples(500)));

    WindowQuality first = report.windows().get(0);
    assertThat(first.onlineLogRegSinceStart().prAuc()).isEqualTo(first.onlineLogReg().prAuc());
    assertThat(first.onlineMlpSinceStart().decisions()).isEqualTo(first.onlineMlp().decisions());
    WindowQuality third = report.windows().get(2);
    assertThat(third.onlineMlpSinceStart().decisions().total()).isEqualTo(1_500);
    WindowQuality last = report.windows().get(report.windows().size() - 1);
    assertThat(last.onlineMlpSinceStart()).isEqualTo(report.onlineMlp());
    assertThat(last.onlineLogRegSinceStart()).isEqualTo(report.onlineLogReg());
    assertThat(last.offlineUpperBoundSinceStart().prAuc())
        .isEqualTo(report.offlineUpperBound().prAuc());
  }

  @Test
  void cutsWindowsOnTheHourOfEventTime() {
    // One example a second from midnight: 4,000 s is one full hour and a part of the next.
    QualityReport report =
        QualityEvaluation.run(
            EXAMPLES, options(QualityWindows.everyEventTime(Duration.ofHours(1))));

    assertThat(report.windows()).extracting(WindowQuality::examples).containsExactly(3_600, 400);
    assertThat(report.windows().get(1).fromEventTime())
        .isEqualTo(SyntheticPayments.START_TIME + 3_600_000L);
    ModelQuality first = report.windows().get(0).onlineMlp();
    assertThat(first.decisions().total()).isEqualTo(3_600);
  }

  private static QualityOptions options(QualityWindows windows) {
    return new QualityOptions(
        new MlpShape(List.of(16, 8), 0.01, 1e-4, 3),
        LearnerKind.MLP,
        TrainerConfig.from(Settings.empty()).wideAndDeep(),
        ImbalancePolicy.NONE,
        32,
        TrainerSettings.BASELINE_LEARNING_RATE.defaultValue(),
        ThresholdPolicy.fixed(0.5),
        5,
        64,
        windows);
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
