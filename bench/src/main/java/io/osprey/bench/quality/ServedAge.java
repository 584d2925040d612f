package io.osprey.bench.quality;

import io.osprey.platform.time.TimeOrdered;
import io.osprey.trainer.intake.LabelledExample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How old the model was that scored each served event, in the stream's terms, the figure issue 14
 * asks to keep small: the event's time minus the end of the model's training window ({@code
 * trainingWindow.toEventTime} of its envelope), and the matured examples between the two (what the
 * model had not learned yet). It counts the label delay too: a model cannot have learned an example
 * before its label matured. Events scored by the fallback rule are left out.
 *
 * @param scored events scored by a trained model in the judged span
 * @param medianMillis median age in event time
 * @param medianExamples median age in examples
 */
public record ServedAge(int scored, long medianMillis, long medianExamples) {

  /**
   * @param ordered the examples in event-time order
   * @param served the served contender (rows of {@code ordered}, model versions)
   * @param trainedThrough each published version's training window end, epoch ms
   * @param fromRow the first judged row
   * @return empty when no trained model scored a judged event
   */
  public static Optional<ServedAge> of(
      List<LabelledExample> ordered,
      ContenderScores served,
      Map<Long, Long> trainedThrough,
      int fromRow) {
    long[] millis = new long[served.rows().length];
    long[] examples = new long[served.rows().length];
    int n = 0;
    for (int k = 0; k < served.rows().length; k++) {
      int row = served.rows()[k];
      Long through = trainedThrough.get(served.modelVersions()[k]);
      if (row < fromRow || served.modelVersions()[k] <= 0 || through == null) {
        continue;
      }
      long eventTime = ordered.get(row).eventTime();
      millis[n] = Math.max(0, eventTime - through);
      int firstUnlearned = TimeOrdered.firstAfter(ordered, LabelledExample::eventTime, through);
      examples[n] = Math.max(0, row - firstUnlearned);
      n++;
    }
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(new ServedAge(n, median(millis, n), median(examples, n)));
  }

  private static long median(long[] values, int n) {
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return sorted[(n - 1) / 2];
  }
}
