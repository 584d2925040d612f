package io.osprey.ingest.join;

import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.TimerService;

/**
 * Wall-clock time from arrival, for live traffic: the window, the horizons and {@code maturedTime}
 * count from when a record reaches the join, and a label counts when it arrives.
 */
final class ProcessingClock implements JoinClock {
  private static final long serialVersionUID = 1L;

  @Override
  public Optional<WatermarkStrategy<LabelEvent>> labelWatermarks(
      Duration outOfOrderness, Duration idleness) {
    return Optional.empty();
  }

  @Override
  public long now(TimerService timers) {
    return timers.currentProcessingTime();
  }

  @Override
  public void registerTimer(TimerService timers, long at) {
    timers.registerProcessingTimeTimer(at);
  }

  @Override
  public void deleteTimer(TimerService timers, long at) {
    timers.deleteProcessingTimeTimer(at);
  }

  @Override
  public long windowEnd(FeatureRow vector, long now, long maturityMillis) {
    return now + maturityMillis;
  }

  @Override
  public long orphanDeadline(LabelEvent label, long now, long orphanMillis) {
    return now + orphanMillis;
  }

  /** Never: a label that has arrived is within the window, whatever its labelTime says. */
  @Override
  public boolean waitsForExample(LabelEvent label, FeatureRow vector, long maturityMillis) {
    return false;
  }

  @Override
  public long correctionTime(LabelEvent label, long previousMaturedTime, long now) {
    return now;
  }
}
