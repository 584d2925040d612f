package io.osprey.ingest.join;

import static io.osprey.ingest.Fixtures.label;
import static io.osprey.ingest.Fixtures.vector;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What each clock of the label join answers; the join's behaviour on each is LabelJoin*Test's. */
class JoinClockTest {
  private static final long WINDOW = 1_000;
  private static final long NOW = 50_000;

  @Test
  void theSettingChoosesTheClock() {
    assertThat(JoinClock.of(MaturityClock.PROCESSING)).isInstanceOf(ProcessingClock.class);
    assertThat(JoinClock.of(MaturityClock.EVENT)).isInstanceOf(EventClock.class);
  }

  @Test
  void onTheProcessingClockTimeCountsFromArrival() {
    JoinClock clock = JoinClock.of(MaturityClock.PROCESSING);
    FeatureRow row = vectorAt(10_000);
    LabelEvent muchLater = label(row.eventId, true, 99_000);

    assertThat(clock.windowEnd(row, NOW, WINDOW)).isEqualTo(NOW + WINDOW);
    assertThat(clock.orphanDeadline(muchLater, NOW, 500)).isEqualTo(NOW + 500);
    assertThat(clock.waitsForExample(muchLater, row, WINDOW)).isFalse();
    assertThat(clock.waitsForExample(muchLater, null, WINDOW)).isFalse();
    assertThat(clock.correctionTime(muchLater, 20_000, NOW)).isEqualTo(NOW);
    assertThat(clock.labelWatermarks(Duration.ZERO, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void onTheEventClockTimeIsTheRecordsOwn() {
    JoinClock clock = JoinClock.of(MaturityClock.EVENT);
    FeatureRow row = vectorAt(10_000);
    LabelEvent inWindow = label(row.eventId, true, 10_000 + WINDOW);
    LabelEvent afterWindow = label(row.eventId, true, 10_000 + WINDOW + 1);

    assertThat(clock.windowEnd(row, NOW, WINDOW)).isEqualTo(10_000 + WINDOW);
    assertThat(clock.orphanDeadline(afterWindow, NOW, 500)).isEqualTo(afterWindow.labelTime + 500);
    assertThat(clock.waitsForExample(inWindow, row, WINDOW)).isFalse();
    assertThat(clock.waitsForExample(afterWindow, row, WINDOW)).isTrue();
    assertThat(clock.waitsForExample(inWindow, null, WINDOW)).as("vector unknown").isTrue();
    // At the label's own time, and never before the example it corrects.
    assertThat(clock.correctionTime(afterWindow, 5_000, NOW)).isEqualTo(afterWindow.labelTime);
    assertThat(clock.correctionTime(afterWindow, 20_000, NOW)).isEqualTo(20_001);
    assertThat(clock.labelWatermarks(Duration.ZERO, Duration.ofSeconds(1))).isPresent();
  }

  private static FeatureRow vectorAt(long eventTime) {
    FeatureRow row = vector("tx-1", "card-1");
    row.eventTime = eventTime;
    return row;
  }
}
