package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.schema.ModelEnvelope;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Decides whether an envelope may be served: its spec hash must be the one this scorer serves, and
 * {@link ModelEnvelopes#open} must succeed (checksum, format, loadable network, normaliser size).
 * Deterministic, so every instance reaches the same verdict on the same envelope.
 *
 * <p>An envelope republishing a payload this scorer already accepted (a rollback or promotion by
 * {@link ModelAdmin}) is checked against its checksum and the accepted envelope's format and
 * normalisation, but its network is not loaded again: the same bytes loaded before, and skipping
 * the load is what makes a rollback immediate.
 */
final class EnvelopeValidator {
  private final String specHash;

  EnvelopeValidator(String specHash) {
    this.specHash = specHash;
  }

  /** Why {@code envelope} is refused, or empty when it may be served. */
  Optional<String> refusal(ModelEnvelope envelope) {
    return refusal(envelope, Optional.empty());
  }

  /**
   * Like {@link #refusal(ModelEnvelope)}, with {@code known} an envelope accepted earlier with the
   * same checksum, if there is one.
   */
  Optional<String> refusal(ModelEnvelope envelope, Optional<ModelEnvelope> known) {
    if (!specHash.equals(envelope.getSpecHash())) {
      return Optional.of(
          "spec hash " + envelope.getSpecHash() + " differs from the served spec " + specHash);
    }
    if (known.isPresent() && sameModel(known.get(), envelope)) {
      String checksum = ModelEnvelopes.sha256(bytes(envelope.getPayload()));
      return checksum.equalsIgnoreCase(envelope.getChecksum())
          ? Optional.empty()
          : Optional.of(
              "checksum mismatch for " + envelope.getName() + " v" + envelope.getVersion());
    }
    try {
      ModelEnvelopes.open(envelope); // loads a throwaway instance; tasks load their own
      return Optional.empty();
    } catch (ModelException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static boolean sameModel(ModelEnvelope known, ModelEnvelope envelope) {
    return known.getChecksum().equalsIgnoreCase(envelope.getChecksum())
        && known.getFormat().equals(envelope.getFormat())
        && known.getFeatureMean().equals(envelope.getFeatureMean())
        && known.getFeatureStd().equals(envelope.getFeatureStd())
        && known.getFeatureNames().equals(envelope.getFeatureNames());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
