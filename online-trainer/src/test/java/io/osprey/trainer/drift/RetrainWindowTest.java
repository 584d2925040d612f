package io.osprey.trainer.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.trainer.intake.LabelledExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the lake's examples a drift retrain learns from, and which its reference describes. */
class RetrainWindowTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_790_000_000_000L;

  /** One example a minute of event time from T0, for {@code minutes} minutes. */
  private static List<LabelledExample> minutely(int minutes) {
    List<LabelledExample> examples = new ArrayList<>();
    for (int i = 0; i < minutes; i++) {
      examples.add(new LabelledExample("e" + i, T0 + i * MINUTE, new double[] {i}, false));
    }
    return examples;
  }

  private static long minute(LabelledExample example) {
    return (example.eventTime() - T0) / MINUTE;
  }

  @Test
  void theReferenceIsTheExamplesAfterTheAlertAndTrainingEndsWithThem() {
    RetrainWindow window = new RetrainWindow(T0 + 60 * MINUTE, Duration.ofMinutes(30), 10);

    RetrainWindow.Chosen chosen = window.choose(minutely(120));

    assertThat(chosen.reference())
        .extracting(RetrainWindowTest::minute)
        .containsExactly(61L, 62L, 63L, 64L, 65L, 66L, 67L, 68L, 69L, 70L);
    // 30 minutes up to the last reference example: 20 before the alert's end, 10 after it
    assertThat(chosen.training()).hasSize(30);
    assertThat(minute(chosen.training().get(0))).isEqualTo(41);
    assertThat(chosen.training()).endsWith(chosen.reference().toArray(LabelledExample[]::new));
  }

  @Test
  void theLakeHoldsTheWindowOnceEveryReferenceExampleAfterTheAlertIsIn() {
    RetrainWindow window = new RetrainWindow(T0 + 60 * MINUTE, Duration.ofMinutes(30), 10);

    assertThat(window.reachedBy(minutely(61))).isFalse(); // up to the alert's end only
    assertThat(window.reachedBy(minutely(70))).isFalse(); // 9 after it
    assertThat(window.reachedBy(minutely(71))).isTrue();
  }

  @Test
  void anExampleFarAheadOfTheStreamIsNeverChosen() {
    // the demo's warm-up payment was once stamped with the wall clock, 12 h ahead of the
    // simulator: a window anchored on the newest example held it alone
    List<LabelledExample> lake = minutely(120);
    lake.add(
        new LabelledExample("osprey-warmup-1", T0 + 12 * 60 * MINUTE, new double[] {0}, false));
    RetrainWindow window = new RetrainWindow(T0 + 110 * MINUTE, Duration.ofHours(1), 100);

    RetrainWindow.Chosen chosen = window.choose(lake);

    assertThat(chosen.reference()).hasSize(9); // 111..119
    assertThat(chosen.training())
        .hasSize(60)
        .noneMatch(e -> e.eventId().startsWith("osprey-warmup"));
    assertThat(window.reachedBy(lake)).isFalse();
  }

  @Test
  void aLakeBehindTheAlertGivesNoReference() {
    RetrainWindow window = new RetrainWindow(T0 + 60 * MINUTE, Duration.ofMinutes(30), 10);

    RetrainWindow.Chosen behind = window.choose(minutely(50));

    assertThat(behind.reference()).isEmpty();
    assertThat(behind.training()).hasSize(19); // 31..49
    assertThat(window.choose(List.of()).training()).isEmpty();
  }

  @Test
  void anAlertTakesItsWindowsEndAndTheSettings() {
    DriftReading alert =
        new DriftReading("feature", "amount_log", "psi", 0.5, 0.2, 5000, 7, T0, T0 + 9 * MINUTE);

    DriftConfig config = DriftConfig.defaults();

    assertThat(RetrainWindow.after(alert, config))
        .isEqualTo(
            new RetrainWindow(T0 + 9 * MINUTE, config.retrainWindow(), config.referenceExamples()));
  }
}
