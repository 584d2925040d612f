package io.osprey.trainer.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.trainer.intake.LabelledExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of the lake's examples a drift retrain learns from. */
class DriftRetrainTest {
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

  @Test
  void theWindowEndsAtTheAlertNotAtTheNewestExample() {
    List<LabelledExample> lake = minutely(120);
    long alertEnd = T0 + 90 * MINUTE;

    List<LabelledExample> recent = DriftRetrain.recent(lake, alertEnd, Duration.ofMinutes(30));

    assertThat(recent).hasSize(30);
    assertThat(recent.get(0).eventTime()).isEqualTo(T0 + 61 * MINUTE);
    assertThat(recent.get(recent.size() - 1).eventTime()).isEqualTo(alertEnd);
  }

  @Test
  void anExampleFarAheadOfTheStreamDoesNotEmptyTheWindow() {
    // the demo's warm-up payment was once stamped with the wall clock, 12 h ahead of the
    // simulator: a window before the newest example held it alone
    List<LabelledExample> lake = minutely(120);
    long ahead = T0 + 12 * 60 * MINUTE;
    lake.add(new LabelledExample("osprey-warmup-1", ahead, new double[] {0}, false));
    long alertEnd = T0 + 119 * MINUTE;

    List<LabelledExample> recent = DriftRetrain.recent(lake, alertEnd, Duration.ofHours(1));

    assertThat(recent).hasSize(60).noneMatch(e -> e.eventId().startsWith("osprey-warmup"));
  }

  @Test
  void aLakeBehindTheAlertGivesWhatItHolds() {
    List<LabelledExample> lake = minutely(50);

    assertThat(DriftRetrain.recent(lake, T0 + 60 * MINUTE, Duration.ofMinutes(30)))
        .hasSize(19); // 31..49
    assertThat(DriftRetrain.recent(List.of(), T0, Duration.ofMinutes(30))).isEmpty();
  }
}
