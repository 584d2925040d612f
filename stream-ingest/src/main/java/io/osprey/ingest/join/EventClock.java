package io.osprey.ingest.join;

import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.TimerService;

/**
 * Event time, driven by watermarks (vectors carry the events' watermarks, labels get theirs from
 * {@code labelTime}): the window closes at the event's time plus the window, an orphan waits until
 * its {@code labelTime} plus the horizon, and a label counts by its {@code labelTime}, not by when
 * it happens to arrive. So a replay at any speed and a batch run mature exactly alike.
 */
final class EventClock implements JoinClock {
  private static final long serialVersionUID = 1L;

  @Override
  public Optional<WatermarkStrategy<LabelEvent>> labelWatermarks(
      Duration outOfOrderness, Duration idleness) {
    return Optional.of(
        WatermarkStrategy.<LabelEvent>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner((l, kafkaTimestamp) -> l.labelTime)
            .withIdleness(idleness));
  }

  @Override
  public long now(TimerService timers) {
    return timers.currentWatermark();
  }

  @Override
  public void registerTimer(TimerService timers, long at) {
    timers.registerEventTimeTimer(at);
  }

  @Override
  public void deleteTimer(TimerService timers, long at) {
    timers.deleteEventTimeTimer(at);
  }

  @Override
  public long windowEnd(FeatureRow vector, long now, long maturityMillis) {
    return vector.eventTime + maturityMillis;
  }

  @Override
  public long orphanDeadline(LabelEvent label, long now, long orphanMillis) {
    return label.labelTime + orphanMillis;
  }

  @Override
  public boolean waitsForExample(LabelEvent label, FeatureRow vector, long maturityMillis) {
    return vector == null || label.labelTime > vector.eventTime + maturityMillis;
  }

  /** At the label's own time, and after the example it corrects. */
  @Override
  public long correctionTime(LabelEvent label, long previousMaturedTime, long now) {
    return Math.max(label.labelTime, previousMaturedTime + 1);
  }
}
