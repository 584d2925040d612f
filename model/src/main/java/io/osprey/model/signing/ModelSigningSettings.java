package io.osprey.model.signing;

import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which keys sign models and which are believed. Publishers (trainer, {@code ./osprey models}) need
 * {@link #SIGNING_KEY_FILE}; scorers need {@link #TRUSTED_KEYS}. Each may instead come from an
 * environment variable, which wins over the setting (for secrets injected by an orchestrator).
 */
public final class ModelSigningSettings {
  /** Environment variable holding the private key itself (PKCS#8 PEM, or base64 of its DER). */
  public static final String SIGNING_KEY_ENV = "OSPREY_MODELS_SIGNING_KEY";

  /** Environment variable holding trusted public keys (PEM blocks, or base64 DER, commas). */
  public static final String TRUSTED_KEYS_ENV = "OSPREY_MODELS_TRUSTED_KEYS";

  public static final Setting<String> SIGNING_KEY_FILE =
      Setting.text(
          "models.signing.key.file",
          "Ed25519 private key (PKCS#8, PEM or DER) that signs published models; needed by the"
              + " trainer and ./osprey models promote|rollback. Env "
              + SIGNING_KEY_ENV
              + " (the key itself: PEM, or base64 DER) wins over every source.",
          "");

  public static final Setting<String> TRUSTED_KEYS =
      Setting.text(
          "models.trusted.keys",
          "Comma-separated Ed25519 public keys whose model signatures are believed: files (X.509,"
              + " PEM or DER; a PEM file may hold several) or base64:<DER>. Publishers also trust"
              + " their own key. Env "
              + TRUSTED_KEYS_ENV
              + " (the keys themselves: PEM blocks, or base64 DER with commas) wins over every"
              + " other source.",
          "");

  public static final Setting<Long> MAX_VERSION_JUMP =
      Setting.longInteger(
          "models.version.max.jump",
          "How far above the served version a new envelope's version may be; a scorer refuses a"
              + " bigger jump, so a forged huge version cannot pin a model.",
          1_000_000L,
          1L,
          1L << 40);

  public static final Setting<Boolean> ALLOW_UNSIGNED =
      Setting.flag(
          "models.unsigned.allowed",
          "Serve unsigned envelopes (those published before signing existed); for an upgrade"
              + " only. A wrongly or untrusted signed envelope is refused regardless.",
          false);

  private ModelSigningSettings() {}

  /** The signer of {@code settings} (or the environment), if a key is configured. */
  public static Optional<ModelSigner> signer(Settings settings) {
    return signer(settings, System.getenv());
  }

  static Optional<ModelSigner> signer(Settings settings, Map<String, String> env) {
    String inline = env.get(SIGNING_KEY_ENV);
    if (inline != null && !inline.isBlank()) {
      return Optional.of(new ModelSigner(SigningKeys.privateKey(material(inline))));
    }
    String file = settings.get(SIGNING_KEY_FILE);
    if (file.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ModelSigner(SigningKeys.privateKey(Files.readAllBytes(Path.of(file)))));
    } catch (IOException e) {
      throw new UncheckedIOException(SIGNING_KEY_FILE.key() + ": cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          SIGNING_KEY_FILE.key() + ": " + file + ": " + e.getMessage(), e);
    }
  }

  /** A signer, or a message naming the setting when none is configured. */
  public static ModelSigner requireSigner(Settings settings) {
    return signer(settings)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "publishing a model needs a signing key: set "
                        + SIGNING_KEY_FILE.key()
                        + " or "
                        + SIGNING_KEY_ENV));
  }

  /** The keys a scorer believes. */
  public static TrustedKeys trustedKeys(Settings settings) {
    return trustedKeys(settings, System.getenv());
  }

  /** The keys a publisher believes: the configured ones and its own. */
  public static TrustedKeys trustedKeys(Settings settings, ModelSigner own) {
    return trustedKeys(settings).and(own.publicKey());
  }

  static TrustedKeys trustedKeys(Settings settings, Map<String, String> env) {
    String inline = env.get(TRUSTED_KEYS_ENV);
    List<PublicKey> keys = new ArrayList<>();
    if (inline != null && !inline.isBlank()) {
      if (inline.contains("-----BEGIN")) {
        keys.addAll(SigningKeys.publicKeys(inline.getBytes(StandardCharsets.US_ASCII)));
      } else {
        for (String entry : inline.split(",")) {
          keys.addAll(SigningKeys.publicKeys(material(entry)));
        }
      }
      return TrustedKeys.of(keys);
    }
    for (String entry : settings.get(TRUSTED_KEYS).split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      try {
        keys.addAll(
            trimmed.startsWith("base64:")
                ? SigningKeys.publicKeys(material(trimmed.substring("base64:".length())))
                : SigningKeys.publicKeys(Files.readAllBytes(Path.of(trimmed))));
      } catch (IOException e) {
        throw new UncheckedIOException(TRUSTED_KEYS.key() + ": cannot read " + trimmed, e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            TRUSTED_KEYS.key() + ": " + trimmed + ": " + e.getMessage(), e);
      }
    }
    return TrustedKeys.of(keys);
  }

  /** PEM text as it is, anything else as base64 of DER. */
  private static byte[] material(String value) {
    String trimmed = value.trim();
    return trimmed.contains("-----BEGIN")
        ? trimmed.getBytes(StandardCharsets.US_ASCII)
        : Base64.getMimeDecoder().decode(trimmed);
  }
}
