package io.osprey.bench.quality;

import java.util.Optional;

/**
 * Where the served figures start: the first example, in event-time order, that a trained model
 * (version above 0, not the fallback rule) scored. The report judges every contender on the
 * examples from there on, so the served row measures the models the pipeline published rather than
 * how many events a flat-out replay pushed through before the first one was live. Examples after it
 * that were still scored by the fallback rule (another scorer thread that had not loaded the model
 * yet) stay in, against the served row.
 *
 * @param fromRow the first judged row of the shared, event-time-ordered examples
 * @param fromEventTime its event time (epoch ms)
 * @param firstVersion the model version that scored it
 */
public record JudgedSpan(int fromRow, long fromEventTime, long firstVersion) {

  /**
   * The span of {@code served}, or empty when no trained model scored anything.
   *
   * @param eventTimes the event time of every row of the shared list
   */
  public static Optional<JudgedSpan> of(ContenderScores served, long[] eventTimes) {
    if (served.modelVersions() == null) {
      throw new IllegalArgumentException(served.id() + " has no model versions");
    }
    for (int k = 0; k < served.rows().length; k++) {
      long version = served.modelVersions()[k];
      if (version > 0) {
        int row = served.rows()[k];
        return Optional.of(new JudgedSpan(row, eventTimes[row], version));
      }
    }
    return Optional.empty();
  }
}
