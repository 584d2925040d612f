package io.osprey.model.dl4j;

import io.osprey.model.ModelFormat;
import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;

/**
 * Deeplearning4j multi-layer perceptrons ({@value Dl4jMlp#FORMAT}): read by {@link
 * MlpPayloadReader}, which parses the configuration and weights without Java deserialization, and
 * served compiled ({@link CompiledMlp}).
 */
public final class Dl4jMlpFormat implements ModelFormat {
  @Override
  public String name() {
    return Dl4jMlp.FORMAT;
  }

  @Override
  public ScoringModel load(byte[] payload, Normalizer normalizer) {
    return Dl4jMlp.fromPayload(payload, normalizer);
  }

  @Override
  public ScoringModel forScoring(ScoringModel loaded) {
    return ((Dl4jMlp) loaded).compile();
  }
}
