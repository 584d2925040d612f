package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.schema.ModelEnvelope;
import java.util.List;

/**
 * One task's own instance of a served model with what a prediction needs from its envelope. Model
 * instances are not thread-safe, so they are never shared between tasks.
 *
 * @param trainedThrough event time of the newest example it was trained on (the end of its training
 *     window), from which its age is measured ({@link ServedModelAge})
 */
record ServedModel(
    ScoringModel model,
    String name,
    long version,
    String specHash,
    double threshold,
    List<String> featureNames,
    long trainedThrough) {

  /** A model whose training window is unknown (tests): its age is measured from the epoch. */
  ServedModel(
      ScoringModel model,
      String name,
      long version,
      String specHash,
      double threshold,
      List<String> featureNames) {
    this(model, name, version, specHash, threshold, featureNames, 0L);
  }

  static ServedModel open(ModelEnvelope envelope) {
    return of(ModelEnvelopes.openForScoring(envelope), envelope);
  }

  /** {@code model}, already loaded from {@code envelope}'s payload, with its metadata. */
  static ServedModel of(ScoringModel model, ModelEnvelope envelope) {
    return new ServedModel(
        model,
        envelope.getName(),
        envelope.getVersion(),
        envelope.getSpecHash(),
        envelope.getThreshold(),
        List.copyOf(envelope.getFeatureNames()),
        envelope.getTrainingWindow().getToEventTime());
  }

  /** The same model? Admission only accepts increasing versions per slot, so these identify it. */
  boolean sameAs(ModelEnvelope head) {
    return name.equals(head.getName()) && version == head.getVersion();
  }
}
