package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.schema.ModelEnvelope;
import java.util.Optional;

/**
 * Decides whether an envelope may be served: its spec hash must be the one this scorer serves, and
 * {@link ModelEnvelopes#open} must succeed (checksum, format, loadable network, normaliser size).
 * Deterministic, so every instance reaches the same verdict on the same envelope.
 */
final class EnvelopeValidator {
  private final String specHash;

  EnvelopeValidator(String specHash) {
    this.specHash = specHash;
  }

  /** Why {@code envelope} is refused, or empty when it may be served. */
  Optional<String> refusal(ModelEnvelope envelope) {
    if (!specHash.equals(envelope.getSpecHash())) {
      return Optional.of(
          "spec hash " + envelope.getSpecHash() + " differs from the served spec " + specHash);
    }
    try {
      ModelEnvelopes.open(envelope); // loads a throwaway instance; tasks load their own
      return Optional.empty();
    } catch (ModelException e) {
      return Optional.of(e.getMessage());
    }
  }
}
