package io.osprey.model.signing;

import io.osprey.platform.config.Settings;
import io.osprey.schema.ModelEnvelope;
import java.util.Optional;

/**
 * What a reader of {@code models} believes: envelopes signed by one of {@code keys} (and, during an
 * upgrade only, unsigned ones), with versions that jump at most {@code maxVersionJump} above the
 * last one it took.
 *
 * @param keys the trusted public keys
 * @param allowUnsigned whether an envelope without a signature is believed ({@link
 *     ModelSigningSettings#ALLOW_UNSIGNED}); a signature that does not verify never is
 * @param maxVersionJump how far above the current version a new one may be ({@link
 *     ModelSigningSettings#MAX_VERSION_JUMP})
 */
public record EnvelopeTrust(TrustedKeys keys, boolean allowUnsigned, long maxVersionJump) {

  /** A scorer's trust: the configured keys. */
  public static EnvelopeTrust of(Settings settings) {
    return new EnvelopeTrust(
        ModelSigningSettings.trustedKeys(settings),
        settings.get(ModelSigningSettings.ALLOW_UNSIGNED),
        settings.get(ModelSigningSettings.MAX_VERSION_JUMP));
  }

  /** A publisher's trust: the configured keys and its own. */
  public static EnvelopeTrust of(Settings settings, ModelSigner own) {
    EnvelopeTrust configured = of(settings);
    return new EnvelopeTrust(
        configured.keys().and(own.publicKey()),
        configured.allowUnsigned(),
        configured.maxVersionJump());
  }

  /** Why {@code envelope} is not to be believed, or empty. */
  public Optional<String> refusal(ModelEnvelope envelope) {
    if (allowUnsigned && envelope.getSignature() == null) {
      return Optional.empty();
    }
    return keys.refusal(envelope);
  }

  /**
   * Whether an envelope accepted earlier (its header will do: the signature was checked then) would
   * still be believed: false for an unsigned one when unsigned envelopes are no longer allowed, or
   * one signed by a key no longer trusted.
   */
  public boolean stillBelieves(ModelEnvelope accepted) {
    if (accepted.getSignature() == null) {
      return allowUnsigned;
    }
    return keys.ids().contains(accepted.getSigningKeyId());
  }

  public boolean believes(ModelEnvelope envelope) {
    return refusal(envelope).isEmpty();
  }

  /**
   * Why {@code version} may not follow {@code current}, or empty: it must be positive and at most
   * {@link #maxVersionJump} above {@code current} (computed without overflow).
   */
  public Optional<String> versionRefusal(long version, long current) {
    if (version < 1) {
      return Optional.of("version " + version + " is not positive");
    }
    // version >= 1 and the jump <= 2^40, so the subtraction cannot overflow.
    if (version - maxVersionJump > current) {
      return Optional.of(
          "version "
              + version
              + " jumps more than "
              + maxVersionJump
              + " above v"
              + current
              + " (models.version.max.jump)");
    }
    return Optional.empty();
  }
}
