package io.osprey.bench.quality;

import io.osprey.model.dl4j.CompiledMlp;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.learning.NetworkLearner;
import java.time.Duration;
import java.util.List;

/**
 * The online learner as a live system could run it at best: each example is scored at its event
 * time by the model trained on every example whose label had <em>matured</em> by then ({@code
 * maturity} of event time after its event, as in ingest and {@link PreviousLabel}), and learned
 * from in mini-batches once it matures. No publication lag, no pipeline: the difference between
 * this and the recomputed learner (which learns each example right after scoring it) is what the
 * label delay alone costs; the difference between this and the served scores is what publication
 * and the pipeline cost.
 *
 * <p>Scoring uses the learner's published network ({@link NetworkLearner#snapshot()}), taken once
 * per trained mini-batch and compiled, so the scores are the ones a scorer would have given.
 */
public final class MaturedLabels {
  public static final String ID = "learner_matured";

  private MaturedLabels() {}

  /**
   * @param ordered examples in event-time order
   * @param learner a fresh learner, trained here
   * @param batchSize rows per training step
   */
  public static ContenderScores scores(
      List<LabelledExample> ordered, NetworkLearner learner, Duration maturity, int batchSize) {
    long delay = maturity.toMillis();
    double[] scores = new double[ordered.size()];
    int matured = 0; // examples [0, matured) have been learned
    int ready = 0; // examples [0, ready) have matured by now
    CompiledMlp compiled = null; // none until the first step: a learner knowing nothing says 0.5
    for (int i = 0; i < scores.length; i++) {
      long now = ordered.get(i).eventTime();
      // A constant delay matures labels in event-time order; learn whole batches of them.
      while (ready < i && ordered.get(ready).eventTime() + delay <= now) {
        ready++;
      }
      boolean learned = false;
      while (ready - matured >= batchSize) {
        learner.evaluateThenFit(
            LabelledExample.batch(ordered.subList(matured, matured + batchSize)));
        matured += batchSize;
        learned = true;
      }
      if (learned) {
        compiled = learner.snapshot().compile();
      }
      scores[i] = compiled == null ? 0.5 : compiled.score(ordered.get(i).values());
    }
    return ContenderScores.everyRow(
        ID,
        "online learner on matured labels only, no publication lag (best a served model can do)",
        scores,
        decisions(scores));
  }

  /** Flags at 0.5; the contender is judged on its ranking (PR-AUC), not a tuned threshold. */
  private static double[] decisions(double[] scores) {
    double[] flags = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      flags[i] = scores[i] >= 0.5 ? 1 : 0;
    }
    return flags;
  }
}
