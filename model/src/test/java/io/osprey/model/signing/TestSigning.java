package io.osprey.model.signing;

import io.osprey.platform.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The signing key every test shares: generated once per JVM, written to a temporary directory so
 * components configured by {@link Settings} read it as they would in production.
 */
public final class TestSigning {
  private static final Path KEY_FILE = writeKey();

  /** The signer of the test key. */
  public static final ModelSigner SIGNER = ModelSigningSettings.requireSigner(settings());

  /** The scorers' trust: the test key only. */
  public static final TrustedKeys TRUSTED = TrustedKeys.of(java.util.List.of(SIGNER.publicKey()));

  private TestSigning() {}

  /** Settings that sign with the test key and trust it. */
  public static Settings settings() {
    return Settings.empty()
        .with(ModelSigningSettings.SIGNING_KEY_FILE, KEY_FILE.toString())
        .with(ModelSigningSettings.TRUSTED_KEYS, "base64:" + publicKeyBase64());
  }

  /** {@code base} with the test key's settings added. */
  public static Settings settings(Settings base) {
    return base.overriddenBy(settings());
  }

  /** A signer of a key nobody trusts. */
  public static ModelSigner stranger() {
    return new ModelSigner(SigningKeys.generate().getPrivate());
  }

  private static String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(SigningKeys.publicKeyOf(privateKey()).getEncoded());
  }

  private static java.security.PrivateKey privateKey() {
    try {
      return SigningKeys.privateKey(Files.readAllBytes(KEY_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeKey() {
    try {
      Path directory = Files.createTempDirectory("osprey-test-keys");
      directory.toFile().deleteOnExit();
      Path key = SigningKeys.writeIfAbsent(directory, "model-signing");
      key.toFile().deleteOnExit();
      directory.resolve("model-signing.pub").toFile().deleteOnExit();
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
