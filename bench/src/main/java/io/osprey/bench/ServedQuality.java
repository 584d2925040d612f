package io.osprey.bench;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.schema.Prediction;
import io.osprey.trainer.intake.LabelledExample;
import java.util.List;
import java.util.Map;

/**
 * The quality of the decisions the pipeline actually served: each prediction's score and decision,
 * as written to {@code predictions} when the event arrived, judged against the label that matured
 * later. This is the only contender measured end to end (ingest, the model the scorer held at that
 * moment, the threshold in its envelope); the others are recomputed from the training examples.
 *
 * @param examples matured examples that have a served prediction
 * @param unmatched matured examples without one (should be 0: a gap means lost predictions)
 */
record ServedQuality(
    int examples, int unmatched, double precision, double recall, double f1, double prAuc) {

  /** The served figures over {@code window}, examples in event-time order. */
  static ServedQuality of(List<LabelledExample> window, Map<String, Prediction> predictions) {
    int matched = 0;
    double[] scores = new double[window.size()];
    double[] flags = new double[window.size()];
    double[] labels = new double[window.size()];
    for (LabelledExample example : window) {
      Prediction prediction = predictions.get(example.eventId());
      if (prediction == null) {
        continue;
      }
      scores[matched] = prediction.getScore();
      // Anything but APPROVE sends the payment to a human or stops it: that is a flag.
      flags[matched] = "APPROVE".equals(prediction.getDecision()) ? 0 : 1;
      labels[matched] = example.fraud() ? 1 : 0;
      matched++;
    }
    double[] s = java.util.Arrays.copyOf(scores, matched);
    double[] f = java.util.Arrays.copyOf(flags, matched);
    double[] y = java.util.Arrays.copyOf(labels, matched);
    ConfusionMatrix decisions = ConfusionMatrix.of(f, y, 0.5);
    RankingMetrics ranking = RankingMetrics.of(s, y, 0.005);
    return new ServedQuality(
        matched,
        window.size() - matched,
        decisions.precision(),
        decisions.recall(),
        decisions.f1(),
        ranking.prAuc());
  }
}
