package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.schema.ModelEnvelope;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Decides whether an envelope may be served. In order: it must be signed by a trusted key over
 * exactly its content ({@link EnvelopeTrust}; nothing else is looked at before that, so no byte of
 * an unsigned envelope reaches the model loader), its version must be positive and within the
 * allowed jump of the version served, its spec hash must be the one this scorer serves, and {@link
 * ModelEnvelopes#open} must succeed (checksum, format, loadable network, normaliser size).
 * Deterministic, so every instance reaches the same verdict on the same envelope.
 *
 * <p>An envelope republishing a payload this scorer already accepted (a rollback or promotion by
 * {@link io.osprey.model.registry.Republication}) is checked against its checksum and the accepted
 * envelope's format and normalisation, but its network is not loaded again: the same bytes loaded
 * before, and skipping the load is what makes a rollback immediate.
 */
final class EnvelopeValidator {
  private final String specHash;
  private final EnvelopeTrust trust;

  EnvelopeValidator(String specHash, EnvelopeTrust trust) {
    this.specHash = specHash;
    this.trust = trust;
  }

  /** Whether the served envelope (a header) would still be believed if it came now. */
  boolean stillBelieves(ModelEnvelope servedHead) {
    return trust.stillBelieves(servedHead);
  }

  /** Why {@code envelope}'s signature is not believed, or empty. */
  Optional<String> signatureRefusal(ModelEnvelope envelope) {
    return trust.refusal(envelope);
  }

  /**
   * Why {@code envelope} is refused, or empty when it may be served; {@code served} the header of
   * the envelope served in its slot (null when none is) and {@code known} an envelope accepted
   * earlier with the same checksum, if there is one.
   */
  Optional<String> refusal(
      ModelEnvelope envelope, ModelEnvelope served, Optional<ModelEnvelope> known) {
    Optional<String> unsigned = trust.refusal(envelope);
    if (unsigned.isPresent()) {
      return unsigned;
    }
    Optional<String> version =
        trust.versionRefusal(
            envelope.getVersion(),
            served != null && served.getName().equals(envelope.getName())
                ? served.getVersion()
                : 0);
    if (version.isPresent()) {
      return version;
    }
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

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
