package io.osprey.trainer.bootstrap;

import io.osprey.platform.time.TimeOrdered;
import io.osprey.trainer.intake.LabelledExample;
import java.util.List;

/**
 * Training and validation parts of examples split by event time: validation is the last {@code
 * fraction} of the event-time range, training everything before it. Never a random split: with
 * examples from the same cards and fraud rings on both sides of a random split, validation would
 * reward a model for remembering the future.
 *
 * @param validationFrom the first event time of the validation part
 */
public record TimeSplit(
    List<LabelledExample> training, List<LabelledExample> validation, long validationFrom) {

  /**
   * Splits {@code ordered} (in event-time order) at {@code first + (1 - fraction) * (last -
   * first)}; examples at the cut go to validation.
   *
   * @throws IllegalArgumentException if either part would be empty
   */
  public static TimeSplit lastFraction(List<LabelledExample> ordered, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("the validation fraction must be in (0, 1)");
    }
    if (ordered.size() < 2) {
      throw new IllegalArgumentException(
          "cannot split " + ordered.size() + " example(s) into training and validation");
    }
    for (int i = 1; i < ordered.size(); i++) {
      if (ordered.get(i).eventTime() < ordered.get(i - 1).eventTime()) {
        throw new IllegalArgumentException("examples are not in event-time order at index " + i);
      }
    }
    long first = ordered.get(0).eventTime();
    long last = ordered.get(ordered.size() - 1).eventTime();
    long cut = first + (long) Math.ceil((1 - fraction) * (last - first));
    int at = TimeOrdered.firstAtOrAfter(ordered, LabelledExample::eventTime, cut);
    if (at == 0 || at == ordered.size()) {
      throw new IllegalArgumentException(
          String.format(
              "cannot split %d examples by time at %d (event times %d..%d): one part is empty",
              ordered.size(), cut, first, last));
    }
    return new TimeSplit(ordered.subList(0, at), ordered.subList(at, ordered.size()), cut);
  }
}
