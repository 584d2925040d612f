package io.osprey.model;

/**
 * One family of models as envelopes carry it: the name written in an envelope's {@code format}, and
 * how its payload becomes a model again. A second family is a new implementation listed in {@link
 * ModelFormats}; {@link ModelEnvelopes} does not change.
 *
 * <p>A loader must not use Java deserialization or anything else that runs code chosen by the
 * payload: the payload is data from the topic, and its signature says who sent it, not that it is
 * harmless.
 */
public interface ModelFormat {
  /** The envelope's {@code format} this loader reads. */
  String name();

  /**
   * The model of {@code payload}, as a trainer resumes from it.
   *
   * @throws ModelException if the payload is not a loadable model of this format, or does not agree
   *     with {@code normalizer}
   */
  ScoringModel load(byte[] payload, Normalizer normalizer);

  /**
   * What a scorer serves of a model {@link #load} returned: by default the model itself; a family
   * with a faster scoring form (a compiled network) returns that.
   */
  default ScoringModel forScoring(ScoringModel loaded) {
    return loaded;
  }
}
