package io.osprey.model.signing;

import io.osprey.schema.ModelEnvelope;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys whose envelopes a reader believes, by key id. More than one is normal during a
 * rotation: trust the new key everywhere, switch publishers to it, then drop the old one once no
 * envelope signed by it is still served.
 */
public final class TrustedKeys {
  private final Map<String, PublicKey> keys;

  private TrustedKeys(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  public static TrustedKeys of(Collection<PublicKey> keys) {
    Map<String, PublicKey> byId = new LinkedHashMap<>();
    keys.forEach(key -> byId.put(SigningKeys.keyId(key), key));
    return new TrustedKeys(byId);
  }

  /** These keys and {@code key}. */
  public TrustedKeys and(PublicKey key) {
    Map<String, PublicKey> copy = new LinkedHashMap<>(keys);
    copy.put(SigningKeys.keyId(key), key);
    return new TrustedKeys(copy);
  }

  /** The ids of the trusted keys. */
  public java.util.Set<String> ids() {
    return keys.keySet();
  }

  /**
   * Why {@code envelope}'s signature is not to be believed, or empty when one of these keys signed
   * exactly this envelope.
   */
  public Optional<String> refusal(ModelEnvelope envelope) {
    String what = envelope.getName() + " v" + envelope.getVersion();
    if (envelope.getSignature() == null || envelope.getSigningKeyId() == null) {
      return Optional.of("unsigned envelope " + what);
    }
    PublicKey key = keys.get(envelope.getSigningKeyId());
    if (key == null) {
      return Optional.of(
          what + " is signed by key " + envelope.getSigningKeyId() + ", which is not trusted");
    }
    try {
      Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
      signature.initVerify(key);
      signature.update(CanonicalEnvelope.bytes(envelope));
      if (signature.verify(bytes(envelope.getSignature()))) {
        return Optional.empty();
      }
    } catch (GeneralSecurityException e) {
      // A malformed signature is as wrong as a mismatching one.
    }
    return Optional.of(
        "signature of "
            + what
            + " does not match its content (key "
            + envelope.getSigningKeyId()
            + ")");
  }

  /** Whether {@code envelope} is signed by a trusted key over exactly its content. */
  public boolean verifies(ModelEnvelope envelope) {
    return refusal(envelope).isEmpty();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
