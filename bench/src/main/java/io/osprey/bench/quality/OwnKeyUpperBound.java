package io.osprey.bench.quality;

import io.osprey.model.evaluation.Scores;
import io.osprey.schema.features.AggregateFeature;
import io.osprey.schema.features.Feature;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.trainer.intake.LabelledExample;
import io.osprey.trainer.review.OperatingThreshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The offline upper bound without the features of other keys and labels: the same network trained
 * offline on the same examples, in sample, but seeing only the columns of the features of the
 * entity's own history and of the event itself (no aggregate with {@code by:} another field, no
 * {@code fraud_count}/{@code fraud_rate}). Beside the full upper bound it says what the keyed and
 * label-aware features add to what any learner could reach (issue 13: card-only against card plus
 * terminal, device and merchant). A spec without such features gets the full upper bound's scores
 * (the same features), so every dataset has the same contenders.
 */
public final class OwnKeyUpperBound {
  public static final String ID = "upper_bound_own_key";

  private OwnKeyUpperBound() {}

  /** The vector columns of {@code spec}'s features that read neither another key nor labels. */
  public static int[] ownKeyColumns(FeatureSpec spec) {
    List<Integer> columns = new ArrayList<>();
    int at = 0;
    for (Feature feature : spec.features()) {
      boolean own = !(feature instanceof AggregateFeature a && a.keyed());
      for (int c = 0; c < feature.columns().size(); c++, at++) {
        if (own) {
          columns.add(at);
        }
      }
    }
    return columns.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Its per-example scores and decisions over {@code ordered}; {@code full} is the full upper
   * bound, reused when every column is the entity's own.
   */
  public static ContenderScores scores(
      FeatureSpec spec,
      List<LabelledExample> ordered,
      QualityOptions options,
      ContenderScores full) {
    int[] columns = ownKeyColumns(spec);
    String description =
        "offline learner on the entity's own features only (no other keys, no labels), in"
            + " sample (upper bound without them)";
    int width = ordered.isEmpty() ? 0 : ordered.get(0).values().length;
    if (columns.length == width) {
      return new ContenderScores(
          ID, description, full.rows(), full.scores(), full.decisions(), null);
    }
    List<LabelledExample> projected = new ArrayList<>(ordered.size());
    double[] labels = new double[ordered.size()];
    for (int i = 0; i < ordered.size(); i++) {
      LabelledExample e = ordered.get(i);
      double[] values = new double[columns.length];
      for (int c = 0; c < columns.length; c++) {
        values[c] = e.values()[columns[c]];
      }
      projected.add(new LabelledExample(e.eventId(), e.eventTime(), values, e.fraud()));
      labels[i] = e.fraud() ? 1 : 0;
    }
    double[] scores = OfflineUpperBound.of(options).inSampleScores(projected);
    double threshold =
        OperatingThreshold.uncalibrated(options.thresholdPolicy().fixedThreshold())
            .next(options.thresholdPolicy(), scores, labels, Optional.empty())
            .raw();
    double[] decisions = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      decisions[i] = Scores.probability(scores[i]) >= threshold ? 1 : 0;
    }
    return ContenderScores.everyRow(ID, description, scores, decisions);
  }
}
