package io.osprey.scoring;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.scoring.ScoringMetrics.FallbackReason;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one feature vector: with the served model when there is one and it was trained on the
 * vector's feature spec, otherwise with the {@link FallbackRule}. Pure apart from the clock, so it
 * is tested without Kafka.
 *
 * <p>No prediction carries a NaN or an infinity. A vector with a non-finite value (ingest never
 * produces one; a vector written by something else may) is not shown to the model: the fallback
 * rule scores it, with reason {@code non_finite_features}. A model that answers a non-finite score
 * is overruled the same way ({@code non_finite_score}); a challenger that does is left out of the
 * prediction, and reasons whose contribution is not finite are dropped. Each fallback is counted in
 * {@code osprey_scoring_fallbacks_total{reason}}.
 */
final class Scorer {
  /** A prediction, why the fallback scored it (if it did) and how the challenger compared. */
  record Scored(
      Prediction prediction, Optional<FallbackReason> fallbackReason, Optional<Shadow> shadow) {
    Scored(Prediction prediction, Optional<FallbackReason> fallbackReason) {
      this(prediction, fallbackReason, Optional.empty());
    }
  }

  /**
   * The challenger's view of one event: did its decision (under its own threshold) agree with the
   * one taken, and by how much did the scores differ.
   */
  record Shadow(long challengerVersion, boolean agreed, double scoreDifference) {}

  private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

  private final Fallback fallbackRule;
  private final double reviewBand;
  private final LeaveOneOutExplainer explainer;
  private final LongSupplier clock;

  Scorer(ScoringConfig config, LongSupplier clock) {
    this.fallbackRule = config.fallback();
    this.reviewBand = config.reviewBand();
    this.explainer = new LeaveOneOutExplainer(config.reasonCount());
    this.clock = clock;
  }

  /**
   * Scores with the champion (or the fallback rule), then, when a challenger is served and was
   * trained on the vector's spec, with the challenger in shadow: its name, version and score travel
   * in the prediction's challenger fields and never change the decision.
   */
  Scored score(
      FeatureVector vector, Optional<ServedModel> champion, Optional<ServedModel> challenger) {
    double[] features = features(vector); // once for both models
    Scored scored = score(vector, features, champion);
    if (challenger.isEmpty() || !challenger.get().specHash().equals(vector.getSpecHash())) {
      return scored;
    }
    ServedModel shadow = challenger.get();
    if (!finite(features)) {
      return scored; // the champion's side already fell back; a shadow has nothing to compare
    }
    double score;
    try {
      score = shadow.model().score(features);
    } catch (RuntimeException e) { // a shadow model's failure must not cost the prediction
      LOG.debug("Challenger {} v{} failed: {}", shadow.name(), shadow.version(), e.toString());
      return scored;
    }
    if (!Double.isFinite(score)) {
      LOG.debug("Challenger {} v{} scored {}", shadow.name(), shadow.version(), score);
      return scored;
    }
    Prediction prediction = scored.prediction();
    prediction.setChallengerName(shadow.name());
    prediction.setChallengerVersion(shadow.version());
    prediction.setChallengerScore(score);
    String decision = DecisionBands.belowThreshold(shadow.threshold(), reviewBand).decide(score);
    return new Scored(
        prediction,
        scored.fallbackReason(),
        Optional.of(
            new Shadow(
                shadow.version(),
                decision.equals(prediction.getDecision()),
                Math.abs(score - prediction.getScore()))));
  }

  /** The vector's values as the models take them (a loop: this runs for every record). */
  private static double[] features(FeatureVector vector) {
    List<Double> values = vector.getValues();
    double[] features = new double[values.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = values.get(i);
    }
    return features;
  }

  Scored score(FeatureVector vector, Optional<ServedModel> served) {
    return score(vector, features(vector), served);
  }

  private Scored score(FeatureVector vector, double[] features, Optional<ServedModel> served) {
    if (served.isEmpty()) {
      return fallback(vector, FallbackReason.NO_MODEL);
    }
    ServedModel model = served.get();
    if (!model.specHash().equals(vector.getSpecHash())) {
      return fallback(vector, FallbackReason.SPEC_MISMATCH);
    }
    if (!finite(features)) {
      return fallback(vector, FallbackReason.NON_FINITE_FEATURES);
    }
    double score;
    try {
      score = model.model().score(features);
    } catch (RuntimeException e) { // e.g. a vector of the wrong length for this network
      return fallback(vector, FallbackReason.MODEL_ERROR);
    }
    if (!Double.isFinite(score)) { // NaN would fall through every band and approve
      return fallback(vector, FallbackReason.NON_FINITE_SCORE);
    }
    String decision = DecisionBands.belowThreshold(model.threshold(), reviewBand).decide(score);
    List<Reason> reasons =
        DecisionBands.flagged(decision) ? reasons(model, features, score) : List.of();
    Prediction prediction =
        prediction(vector, score, decision, model.threshold(), reasons)
            .setModelName(model.name())
            .setModelVersion(model.version())
            .setFallback(false)
            .build();
    return new Scored(prediction, Optional.empty());
  }

  /** A prediction without reasons beats no prediction: an explanation failure is logged only. */
  private List<Reason> reasons(ServedModel model, double[] features, double score) {
    try {
      return explainer.explain(model.model(), features, score, model.featureNames());
    } catch (RuntimeException e) {
      LOG.warn("No reasons for {} v{}: {}", model.name(), model.version(), e.toString());
      return List.of();
    }
  }

  private static boolean finite(double[] features) {
    for (double value : features) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  private Scored fallback(FeatureVector vector, FallbackReason reason) {
    FallbackRule.Verdict verdict =
        fallbackRule.evaluate(vector.getSpecHash(), vector.getValues(), reviewBand);
    Prediction prediction =
        prediction(
                vector, verdict.score(), verdict.decision(), verdict.threshold(), verdict.reasons())
            .setModelName(FallbackRule.NAME)
            .setModelVersion(0L)
            .setFallback(true)
            .build();
    return new Scored(prediction, Optional.of(reason));
  }

  private Prediction.Builder prediction(
      FeatureVector vector, double score, String decision, double threshold, List<Reason> reasons) {
    return Prediction.newBuilder()
        .setEventId(vector.getEventId())
        .setEntityId(vector.getEntityId())
        .setScore(score)
        .setDecision(decision)
        .setThreshold(threshold)
        .setReasons(reasons)
        .setEventTime(vector.getEventTime())
        .setIngestTime(vector.getIngestTime())
        .setFeatureTime(vector.getFeatureTime())
        .setScoredTime(clock.getAsLong());
  }
}
