package io.osprey.model.signing;

import io.osprey.schema.ModelEnvelope;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs envelopes with the publisher's Ed25519 private key: what the trainer and the CLI hold. The
 * envelope is stamped with the key's id and signed over {@link CanonicalEnvelope}, so any field
 * changed after signing, the key id included, breaks the signature.
 */
public final class ModelSigner {
  private final PrivateKey key;
  private final PublicKey publicKey;
  private final String keyId;

  public ModelSigner(PrivateKey key) {
    this.key = key;
    this.publicKey = SigningKeys.publicKeyOf(key);
    this.keyId = SigningKeys.keyId(publicKey);
  }

  /** {@code envelope} stamped with this key's id and signed; any earlier signature is replaced. */
  public ModelEnvelope sign(ModelEnvelope envelope) {
    ModelEnvelope stamped =
        ModelEnvelope.newBuilder(envelope).setSigningKeyId(keyId).setSignature(null).build();
    try {
      Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
      signature.initSign(key);
      signature.update(CanonicalEnvelope.bytes(stamped));
      stamped.setSignature(ByteBuffer.wrap(signature.sign()));
      return stamped;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign " + envelope.getName(), e);
    }
  }

  /** The public half, which a publisher trusts as well as the configured keys. */
  public PublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return keyId;
  }
}
