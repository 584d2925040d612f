package io.osprey.bench;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelEnvelopes.Publication;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.signing.ModelSigner;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.scoring.DecisionBands;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The networks the scoring benchmark serves, built and sealed with the model module's own API
 * ({@link Dl4jMlp}, {@link ModelEnvelopes#seal}) exactly as the trainer publishes them. They are
 * untrained (seeded initial weights): scoring costs the same whatever the weights, and the
 * threshold is set so that a chosen share of the benchmark's vectors is flagged, since flagged
 * predictions are the ones that carry reason codes.
 */
public enum BenchModel {
  /** The trainer's default network (8-32-16-1, 833 parameters). */
  DEFAULT(MlpShape.DEFAULT),

  /** {@link MlpShape#CRAYFISH}: 8-160-160-1, 27,361 parameters. */
  CRAYFISH(MlpShape.CRAYFISH);

  static final String MODEL_NAME = "bench";

  private final MlpShape shape;

  BenchModel(MlpShape shape) {
    this.shape = shape;
  }

  /** The name used on the command line and in reports. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BenchModel named(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }

  /** A model envelope and what it means for the benchmark. */
  record Sealed(ModelEnvelope envelope, String description, double flaggedShare) {}

  /**
   * This network, normalised on {@code pool}, sealed as champion {@code version} with a threshold
   * that flags about {@code flaggedShare} of the pool (REVIEW or DECLINE under {@code reviewBand}).
   */
  Sealed seal(
      long version, FeaturePool pool, double flaggedShare, double reviewBand, ModelSigner signer) {
    Dl4jMlp network = Dl4jMlp.create(shape, pool.layout().size());
    network.setNormalizer(pool.normalizer());
    double[] scores = network.compile().scoreAll(pool.rows());
    double threshold = threshold(scores, flaggedShare, reviewBand);
    DecisionBands bands = DecisionBands.belowThreshold(threshold, reviewBand);
    double flagged =
        Arrays.stream(scores).filter(s -> DecisionBands.flagged(bands.decide(s))).count()
            / (double) scores.length;
    Publication publication = untrainedChampion(version, pool.layout(), threshold);
    ModelEnvelope envelope =
        ModelEnvelopes.seal(network, publication, System.currentTimeMillis(), signer);
    return new Sealed(envelope, label() + ": " + network.describe(), flagged);
  }

  /**
   * A champion that has learned nothing: no parent, an empty training window, no metrics, code
   * version {@code "bench"}. The benchmark needs a servable envelope, not a trained one.
   */
  static Publication untrainedChampion(long version, FeatureLayout layout, double threshold) {
    return new Publication(
        MODEL_NAME,
        version,
        null,
        ModelEnvelopes.CHAMPION,
        layout.specHash(),
        layout.names(),
        TrainingWindow.newBuilder().setFromEventTime(0).setToEventTime(0).setExamples(0).build(),
        Map.of(),
        threshold,
        "bench");
  }

  /**
   * The threshold whose review band starts at the {@code 1 - flaggedShare} quantile of the scores,
   * capped at 1 (an envelope's threshold is a probability).
   */
  static double threshold(double[] scores, double flaggedShare, double reviewBand) {
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    int first = (int) Math.round((1 - flaggedShare) * sorted.length);
    double reviewFrom = first >= sorted.length ? 1.0 : sorted[Math.max(0, first)];
    return Math.min(1.0, reviewFrom + reviewBand);
  }
}
