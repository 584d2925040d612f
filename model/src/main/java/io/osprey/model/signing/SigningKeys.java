package io.osprey.model.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys for model signatures, from the JDK alone: generating a pair, reading PKCS#8 private
 * and X.509 public keys in PEM or DER, writing them as PEM, and naming a public key by its id.
 */
public final class SigningKeys {
  static final String ALGORITHM = "Ed25519";
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");

  private SigningKeys() {}

  /** A fresh key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }

  /** The first 16 hex digits of the SHA-256 of the key's X.509 encoding. */
  public static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** A private key from PKCS#8 PEM text ({@code PRIVATE KEY}) or DER bytes. */
  public static PrivateKey privateKey(byte[] pemOrDer) {
    List<byte[]> ders = ders(pemOrDer, "PRIVATE KEY");
    if (ders.size() != 1) {
      throw new IllegalArgumentException(
          "expected one PKCS#8 private key, found " + ders.size() + " PRIVATE KEY blocks");
    }
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
    }
  }

  /** Every public key in X.509 PEM text ({@code PUBLIC KEY} blocks) or one in DER bytes. */
  public static List<PublicKey> publicKeys(byte[] pemOrDer) {
    List<PublicKey> keys = new ArrayList<>();
    for (byte[] der : ders(pemOrDer, "PUBLIC KEY")) {
      try {
        keys.add(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("not an Ed25519 X.509 public key: " + e.getMessage(), e);
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no PUBLIC KEY block");
    }
    return keys;
  }

  /**
   * The public half of an Ed25519 private key. The JDK has no call for it, but its key pair
   * generator derives the public key from the 32 random bytes it draws, so handing it the private
   * key's own bytes as its randomness yields the same pair; the pair is then checked by signing.
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    byte[] seed =
        ((EdECPrivateKey) key)
            .getBytes()
            .orElseThrow(() -> new IllegalArgumentException("private key has no key bytes"));
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
      PublicKey derived = generator.generateKeyPair().getPublic();
      byte[] probe = "osprey-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(derived);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalStateException("could not derive the public key of a private key");
      }
      return derived;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    }
  }

  /** PEM text of {@code key}: {@code PRIVATE KEY} (PKCS#8) or {@code PUBLIC KEY} (X.509). */
  public static String pem(java.security.Key key) {
    String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * Writes {@code pair} as {@code <name>.key} (PKCS#8 PEM, readable by its owner only) and {@code
   * <name>.pub} (X.509 PEM) in {@code directory}, unless the private key file exists already.
   *
   * @return the private key file
   */
  public static Path writeIfAbsent(Path directory, String name) throws IOException {
    Path privateFile = directory.resolve(name + ".key");
    Path publicFile = directory.resolve(name + ".pub");
    if (Files.exists(privateFile)) {
      if (!Files.exists(publicFile)) {
        PrivateKey existing = privateKey(Files.readAllBytes(privateFile));
        Files.writeString(publicFile, pem(publicKeyOf(existing)));
      }
      return privateFile;
    }
    Files.createDirectories(directory);
    KeyPair pair = generate();
    Path temporary = Files.createTempFile(directory, name, ".tmp");
    try {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      temporary.toFile().setReadable(false, false);
      temporary.toFile().setReadable(true, true);
    }
    Files.writeString(temporary, pem(pair.getPrivate()));
    Files.move(temporary, privateFile);
    Files.writeString(publicFile, pem(pair.getPublic()));
    return privateFile;
  }

  private static List<byte[]> ders(byte[] pemOrDer, String type) {
    String text = new String(pemOrDer, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN")) {
      return List.of(pemOrDer);
    }
    List<byte[]> ders = new ArrayList<>();
    Matcher matcher = PEM.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        ders.add(Base64.getMimeDecoder().decode(matcher.group(2)));
      }
    }
    return ders;
  }

  /** Randomness that hands out fixed bytes: see {@link #publicKeyOf}. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("expected a request for " + bytes.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
