package io.osprey.model;

/**
 * A model as trainer and scorer see it, whatever engine is behind it: it scores raw feature vectors
 * (normalisation is the model's business) and serializes itself into an envelope payload.
 *
 * <p>Implementations are not thread-safe; each scoring thread holds its own instance, which {@link
 * ModelEnvelopes#open} makes cheap.
 */
public interface ScoringModel {
  /** Probability-like fraud score in [0, 1] for one raw feature vector. */
  double score(double[] features);

  /** Scores several vectors at once; engines that batch well override it. */
  default double[] scoreAll(double[][] features) {
    double[] scores = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      scores[i] = score(features[i]);
    }
    return scores;
  }

  /** How {@link #payload()} is encoded, recorded in the envelope's {@code format}. */
  String format();

  /** The engine-specific bytes; normalisation travels separately in the envelope. */
  byte[] payload();

  /** The normalisation the model applies before its engine. */
  Normalizer normalizer();

  /** One line for logs and the CLI: engine, shape, parameter count. */
  String describe();
}
