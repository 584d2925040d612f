package io.osprey.ingest.join;

import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.TimerService;

/**
 * The clock the label join runs on ({@link MaturityClock}), chosen once when the job is built: it
 * says what "now" is, which timers mature an example, and when a label counts. {@link
 * ProcessingClock} is wall-clock time from arrival (live traffic); {@link EventClock} is event time
 * driven by watermarks (replays and backfills, which then mature exactly as live traffic would
 * have).
 */
public interface JoinClock extends Serializable {

  static JoinClock of(MaturityClock clock) {
    return switch (clock) {
      case PROCESSING -> new ProcessingClock();
      case EVENT -> new EventClock();
    };
  }

  /**
   * The watermarks labels need on this clock (from their {@code labelTime}), or empty when the
   * clock does not read them.
   */
  Optional<WatermarkStrategy<LabelEvent>> labelWatermarks(
      Duration outOfOrderness, Duration idleness);

  /** The current time of this clock. */
  long now(TimerService timers);

  void registerTimer(TimerService timers, long at);

  void deleteTimer(TimerService timers, long at);

  /** When the maturity window of {@code vector}, arriving at {@code now}, closes. */
  long windowEnd(FeatureRow vector, long now, long maturityMillis);

  /** Until when a label that came before its vector waits for it. */
  long orphanDeadline(LabelEvent label, long now, long orphanMillis);

  /**
   * Whether a label received before the example is emitted must wait until then instead of being
   * weighed at once: because the vector, and so the end of its window, is unknown yet ({@code
   * vector} null), or because by its {@code labelTime} it came after the window.
   */
  boolean waitsForExample(LabelEvent label, FeatureRow vector, long maturityMillis);

  /**
   * The {@code maturedTime} of a correction by {@code label} of an example that matured at {@code
   * previousMaturedTime}; always after it, so that "largest maturedTime wins" holds downstream.
   */
  long correctionTime(LabelEvent label, long previousMaturedTime, long now);
}
