package io.osprey.bench.quality;

import java.util.Optional;

/**
 * Where the served figures start: once a trained model (version above 0, not the fallback rule) was
 * live, in wall-clock scored time. The first trained score is found by its {@code scoredTime}, not
 * by event time: a flat-out replay is scored by several scorer threads, some ahead of others in
 * event time, so the first event (in event-time order) that a model scored can come from a thread
 * that lags, while the threads ahead of it still scored later events with the fallback rule (3,000
 * to 4,600 of them fell inside the judged span that way). The span therefore starts after every
 * example scored before that moment: each judged example was scored once a model was live. Those
 * still scored by the fallback rule after it (a scorer thread that had not loaded the model yet)
 * stay in, against the served row.
 *
 * @param fromRow the first judged row of the shared, event-time-ordered examples
 * @param fromEventTime its event time (epoch ms)
 * @param firstVersion the model version of the first trained score (wall clock)
 */
public record JudgedSpan(int fromRow, long fromEventTime, long firstVersion) {

  /**
   * The span of {@code served}, or empty when no trained model scored anything (or nothing was
   * scored after the first trained score).
   *
   * @param scoredTimes when each of {@code served}'s rows was scored (wall clock, epoch ms),
   *     aligned with its rows
   * @param eventTimes the event time of every row of the shared list
   */
  public static Optional<JudgedSpan> of(
      ContenderScores served, long[] scoredTimes, long[] eventTimes) {
    if (served.modelVersions() == null) {
      throw new IllegalArgumentException(served.id() + " has no model versions");
    }
    if (scoredTimes.length != served.rows().length) {
      throw new IllegalArgumentException("one scored time per served row");
    }
    int first = -1;
    for (int k = 0; k < scoredTimes.length; k++) {
      if (served.modelVersions()[k] > 0 && (first < 0 || scoredTimes[k] < scoredTimes[first])) {
        first = k;
      }
    }
    if (first < 0) {
      return Optional.empty();
    }
    long live = scoredTimes[first];
    int fromRow = served.rows()[first];
    for (int k = 0; k < scoredTimes.length; k++) {
      if (scoredTimes[k] < live) {
        fromRow = Math.max(fromRow, served.rows()[k] + 1);
      }
    }
    if (fromRow >= eventTimes.length) {
      return Optional.empty();
    }
    return Optional.of(new JudgedSpan(fromRow, eventTimes[fromRow], served.modelVersions()[first]));
  }
}
