package io.osprey.system;

import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.model.signing.SigningKeys;
import io.osprey.platform.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's model-signing key: with no key configured, one pair is generated on first run under
 * {@code <data dir>/keys/} ({@code model-signing.key}, owner-only; {@code model-signing.pub}) and
 * used from then on. The demo runs trainer and scorer in one process, so the scorer also trusts the
 * key the trainer signs with, besides any configured {@code models.trusted.keys}.
 */
public final class DemoKeys {
  private static final Logger LOG = LoggerFactory.getLogger(DemoKeys.class);
  static final String DIRECTORY = "keys";
  static final String NAME = "model-signing";

  private DemoKeys() {}

  /** The demo's private key file under {@code dataDir}. */
  public static Path keyFile(Path dataDir) {
    return dataDir.resolve(DIRECTORY).resolve(NAME + ".key");
  }

  /** {@code settings} with a signing key (generated if need be) that the scorer trusts. */
  public static Settings withSigningKey(Settings settings, Path dataDir) throws IOException {
    Settings signed = settings;
    if (ModelSigningSettings.signer(settings).isEmpty()) {
      Path key = SigningKeys.writeIfAbsent(dataDir.resolve(DIRECTORY), NAME);
      signed = settings.with(ModelSigningSettings.SIGNING_KEY_FILE, key.toString());
    }
    ModelSigner signer = ModelSigningSettings.requireSigner(signed);
    LOG.info(
        "Models are signed with key {} ({}) and trusted by the scorer",
        signer.keyId(),
        signed.get(ModelSigningSettings.SIGNING_KEY_FILE).isBlank()
            ? ModelSigningSettings.SIGNING_KEY_ENV
            : signed.get(ModelSigningSettings.SIGNING_KEY_FILE));
    String own = "base64:" + Base64.getEncoder().encodeToString(signer.publicKey().getEncoded());
    String configured = signed.get(ModelSigningSettings.TRUSTED_KEYS).trim();
    return signed.with(
        ModelSigningSettings.TRUSTED_KEYS, configured.isEmpty() ? own : configured + "," + own);
  }
}
