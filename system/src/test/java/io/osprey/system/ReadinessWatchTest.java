package io.osprey.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.system.ReadinessWatch.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadinessWatchTest {
  private static final Duration SUSTAINED = Duration.ofSeconds(10);
  private static final Duration STALL = Duration.ofMinutes(3);
  private static final long T0 = 1_000_000_000L;

  private final ReadinessWatch watch = new ReadinessWatch(SUSTAINED, STALL, T0);

  private static long at(Duration sinceStart) {
    return T0 + sinceStart.toNanos();
  }

  @Test
  void theWarmUpPredictionIsLiveAtOnce() {
    watch.predictionsSeen(at(Duration.ofSeconds(2)), 1, true);
    assertThat(watch.verdict(at(Duration.ofSeconds(2)))).isEqualTo(Verdict.LIVE);
  }

  @Test
  void nothingYetIsWaitingUntilTheStallBoundThenStalled() {
    assertThat(watch.verdict(at(Duration.ofMinutes(2)))).isEqualTo(Verdict.WAITING);
    assertThat(watch.verdict(at(STALL.plusMillis(1)))).isEqualTo(Verdict.STALLED);
  }

  /** The restart the issue describes: a backlog longer than the stall bound, scored steadily. */
  @Test
  void aBacklogScoredSteadilyIsLiveWithoutTheWarmUpRecord() {
    for (int second = 1; second < 10; second++) {
      watch.predictionsSeen(at(Duration.ofSeconds(second)), 500, false);
      assertThat(watch.verdict(at(Duration.ofSeconds(second)))).isEqualTo(Verdict.WAITING);
    }
    watch.predictionsSeen(at(Duration.ofSeconds(11)), 500, false);
    assertThat(watch.verdict(at(Duration.ofSeconds(11)))).isEqualTo(Verdict.LIVE);
    assertThat(watch.predictions()).isEqualTo(5_000);
  }

  @Test
  void aSlowStartThatThenFlowsIsNotStalled() {
    watch.predictionsSeen(at(Duration.ofSeconds(170)), 3, false);
    assertThat(watch.verdict(at(Duration.ofSeconds(175)))).isEqualTo(Verdict.WAITING);
    // Past the stall bound from the start, but the latest prediction is recent.
    assertThat(watch.verdict(at(Duration.ofSeconds(200)))).isEqualTo(Verdict.WAITING);
    watch.predictionsSeen(at(Duration.ofSeconds(181)), 3, false);
    assertThat(watch.verdict(at(Duration.ofSeconds(181)))).isEqualTo(Verdict.LIVE);
  }

  @Test
  void aBurstThatStopsStallsOnceNothingMoreComes() {
    watch.predictionsSeen(at(Duration.ofSeconds(5)), 800, false);
    watch.predictionsSeen(at(Duration.ofSeconds(6)), 200, false);
    assertThat(watch.verdict(at(Duration.ofSeconds(60)))).isEqualTo(Verdict.WAITING);
    assertThat(watch.verdict(at(Duration.ofSeconds(6).plus(STALL).plusMillis(1))))
        .isEqualTo(Verdict.STALLED);
  }

  @Test
  void emptyPollsAreNotProgress() {
    for (int second = 1; second <= 30; second++) {
      watch.predictionsSeen(at(Duration.ofSeconds(second)), 0, false);
    }
    assertThat(watch.verdict(at(Duration.ofSeconds(30)))).isEqualTo(Verdict.WAITING);
    assertThat(watch.verdict(at(STALL.plusSeconds(1)))).isEqualTo(Verdict.STALLED);
  }

  @Test
  void sustainedMustBeShorterThanStall() {
    assertThatThrownBy(() -> new ReadinessWatch(STALL, SUSTAINED, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
