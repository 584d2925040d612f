package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.schema.ModelEnvelope;
import java.util.List;

/**
 * One task's own instance of the served model with what a prediction needs from its envelope. DL4J
 * networks are not thread-safe, so instances are never shared between tasks.
 */
record ServedModel(
    ScoringModel model,
    String name,
    long version,
    String specHash,
    double threshold,
    List<String> featureNames) {

  static ServedModel open(ModelEnvelope envelope) {
    return new ServedModel(
        ModelEnvelopes.openForScoring(envelope),
        envelope.getName(),
        envelope.getVersion(),
        envelope.getSpecHash(),
        envelope.getThreshold(),
        List.copyOf(envelope.getFeatureNames()));
  }

  /** The same model? The gate only accepts increasing versions per name, so these identify it. */
  boolean sameAs(ModelEnvelope head) {
    return name.equals(head.getName()) && version == head.getVersion();
  }
}
