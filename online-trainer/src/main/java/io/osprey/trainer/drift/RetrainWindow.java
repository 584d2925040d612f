package io.osprey.trainer.drift;

import io.osprey.platform.time.TimeOrdered;
import io.osprey.trainer.intake.LabelledExample;
import java.time.Duration;
import java.util.List;

/**
 * Which of the lake's examples a drift retrain learns from, and which of them its reference profile
 * describes: the one owner of that rule.
 *
 * <p>The reference is the first {@code referenceExamples} examples <b>after the alert's end</b>:
 * the stream as it is once it has drifted, which is what the retrained model will be compared with
 * when it serves. Its training window is the {@code span} of event time up to the last of them, so
 * the network learns from the stream before the shift (enough examples, and frauds for its
 * validation part) and after it. The earlier rule, a reference over the whole training window
 * ending at the alert, described the stream before the shift, so a promoted retrain went on raising
 * the very alerts that had set it off. The cost: a retrain also waits for the lake to hold those
 * examples ({@link #reachedBy}); by arithmetic, not measured, 4,096 examples at 200 events/s are
 * about 20 s more.
 *
 * <p>Both ends are anchored on the alert, not on the lake's newest example: one example stamped far
 * ahead of the stream (the demo's warm-up payment once was, by 12 hours) would otherwise leave the
 * window nearly empty; examples more than {@code span} after the alert's end are never chosen.
 *
 * @param alertEnd event time at which the alert's window ended
 * @param span event time a retrain learns from ({@link DriftSettings#RETRAIN_WINDOW})
 * @param referenceExamples examples after the alert the reference describes ({@link
 *     DriftSettings#REFERENCE_EXAMPLES}, the same count as an online publication's reference)
 */
public record RetrainWindow(long alertEnd, Duration span, int referenceExamples) {

  /** The window of a retrain set off by {@code cause}. */
  public static RetrainWindow after(DriftReading cause, DriftConfig config) {
    return new RetrainWindow(cause.windowEnd(), config.retrainWindow(), config.referenceExamples());
  }

  /**
   * The chosen examples.
   *
   * @param training what the network learns from (its training and validation parts), in event-time
   *     order
   * @param reference its tail after the alert's end, which the reference profile describes
   */
  public record Chosen(List<LabelledExample> training, List<LabelledExample> reference) {}

  /** Whether {@code ordered} (event-time order) holds all the reference examples yet. */
  public boolean reachedBy(List<LabelledExample> ordered) {
    return choose(ordered).reference().size() >= referenceExamples;
  }

  /** The examples of {@code ordered} (event-time order) a retrain uses now. */
  public Chosen choose(List<LabelledExample> ordered) {
    int afterAlert = TimeOrdered.firstAfter(ordered, LabelledExample::eventTime, alertEnd);
    int last = afterAlert; // exclusive: past the last reference example
    long bound = alertEnd + span.toMillis();
    while (last < ordered.size()
        && last - afterAlert < referenceExamples
        && ordered.get(last).eventTime() <= bound) {
      last++;
    }
    long end = last > afterAlert ? ordered.get(last - 1).eventTime() : alertEnd;
    int first = TimeOrdered.firstAfter(ordered, LabelledExample::eventTime, end - span.toMillis());
    return new Chosen(ordered.subList(first, last), ordered.subList(afterAlert, last));
  }
}
