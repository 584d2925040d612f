package io.osprey.model.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.drift.ReferenceProfiles;
import io.osprey.platform.config.Settings;
import io.osprey.schema.Calibration;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signature covers every field, and only trusted keys are believed. */
class ModelSignatureTest {
  private static ModelEnvelope signed;

  @BeforeAll
  static void seal() {
    signed =
        ModelEnvelopes.seal(
            Dl4jMlp.create(MlpShape.DEFAULT, 3),
            new ModelEnvelopes.Publication(
                "fraud",
                7,
                6L,
                ModelEnvelopes.CHAMPION,
                "spec-1",
                List.of("amount", "count", "ecom"),
                new TrainingWindow(10L, 20L, 30L, "0=1-9"),
                new LinkedHashMap<>(Map.of("f1", 0.5, "auc", 0.9, "loss", 0.1)),
                0.5,
                "test",
                new Calibration("platt-holdout", 1.0, 0.0, 10L)),
            1_000L,
            TestSigning.SIGNER);
  }

  @Test
  void aSignedEnvelopeVerifiesWithTheTrustedKey() {
    assertThat(TestSigning.TRUSTED.refusal(signed)).isEmpty();
    assertThat(signed.getSigningKeyId()).isEqualTo(TestSigning.SIGNER.keyId());
  }

  @Test
  void changingAnyFieldBreaksTheSignature() {
    Map<String, UnaryOperator<ModelEnvelope.Builder>> forgeries = new LinkedHashMap<>();
    forgeries.put("name", b -> b.setName("other"));
    forgeries.put("version", b -> b.setVersion(Long.MAX_VALUE));
    forgeries.put("parentVersion", b -> b.setParentVersion(null));
    forgeries.put("role", b -> b.setRole(ModelEnvelopes.CHALLENGER));
    forgeries.put("specHash", b -> b.setSpecHash("spec-2"));
    forgeries.put("featureNames", b -> b.setFeatureNames(List.of("count", "amount", "ecom")));
    forgeries.put("createdAt", b -> b.setCreatedAt(1_001L));
    forgeries.put(
        "trainingWindow", b -> b.setTrainingWindow(new TrainingWindow(10L, 20L, 30L, "0=1-10")));
    forgeries.put("metrics", b -> b.setMetrics(Map.of("f1", 0.99)));
    forgeries.put("threshold", b -> b.setThreshold(1.0));
    forgeries.put("featureMean", b -> b.setFeatureMean(List.of(0.0, 0.0, 1.0)));
    forgeries.put("featureStd", b -> b.setFeatureStd(List.of(1.0, 1.0, 2.0)));
    forgeries.put("format", b -> b.setFormat("other-format"));
    forgeries.put("payload", b -> b.setPayload(flipped(signed.getPayload())));
    forgeries.put("checksum", b -> b.setChecksum("00"));
    forgeries.put("codeVersion", b -> b.setCodeVersion("evil"));
    forgeries.put(
        "calibration", b -> b.setCalibration(new Calibration("platt-holdout", 1.0, 5.0, 10L)));
    forgeries.put("signingKeyId", b -> b.setSigningKeyId("0123456789abcdef"));
    forgeries.put(
        "referenceProfile",
        b ->
            b.setReferenceProfile(
                ReferenceProfiles.of(
                    List.of("amount", "count", "ecom"),
                    new double[][] {{1, 2, 0}, {3, 4, 1}},
                    new double[] {0.1, 0.9},
                    0.5,
                    2,
                    10,
                    20)));
    assertThat(forgeries.keySet())
        .as("every field but the signature is forged once")
        .containsExactlyInAnyOrderElementsOf(
            ModelEnvelope.getClassSchema().getFields().stream()
                .map(f -> f.name())
                .filter(n -> !n.equals("signature"))
                .toList());

    forgeries.forEach(
        (field, forge) -> {
          ModelEnvelope forged = forge.apply(ModelEnvelope.newBuilder(signed)).build();
          assertThat(TestSigning.TRUSTED.refusal(forged)).as(field).isPresent();
        });
  }

  @Test
  void theMetricsMapOrderDoesNotMatter() {
    Map<String, Double> reordered = new LinkedHashMap<>();
    List.of("loss", "f1", "auc").forEach(k -> reordered.put(k, signed.getMetrics().get(k)));
    ModelEnvelope same = ModelEnvelope.newBuilder(signed).setMetrics(reordered).build();

    assertThat(TestSigning.TRUSTED.refusal(same)).isEmpty();
  }

  @Test
  void unsignedUntrustedAndGarbledSignaturesAreRefused() {
    ModelEnvelope unsigned = ModelEnvelope.newBuilder(signed).setSignature(null).build();
    assertThat(TestSigning.TRUSTED.refusal(unsigned))
        .hasValueSatisfying(m -> assertThat(m).contains("unsigned"));

    ModelEnvelope stranger = TestSigning.stranger().sign(signed);
    assertThat(TestSigning.TRUSTED.refusal(stranger))
        .hasValueSatisfying(m -> assertThat(m).contains("not trusted"));

    // A stranger's signature under the trusted key's id.
    ModelEnvelope impersonated =
        ModelEnvelope.newBuilder(stranger).setSigningKeyId(TestSigning.SIGNER.keyId()).build();
    assertThat(TestSigning.TRUSTED.refusal(impersonated))
        .hasValueSatisfying(m -> assertThat(m).contains("does not match"));

    ModelEnvelope garbled =
        ModelEnvelope.newBuilder(signed).setSignature(ByteBuffer.wrap(new byte[] {1, 2})).build();
    assertThat(TestSigning.TRUSTED.refusal(garbled)).isPresent();
  }

  @Test
  void rotationTrustsOldAndNewKeysAtOnce() {
    ModelSigner next = TestSigning.stranger();
    TrustedKeys both = TestSigning.TRUSTED.and(next.publicKey());

    assertThat(both.refusal(signed)).isEmpty();
    assertThat(both.refusal(next.sign(signed))).isEmpty();
  }

  @Test
  void keysComeFromFilesOrTheEnvironment(@TempDir Path directory) throws Exception {
    Path privateFile = SigningKeys.writeIfAbsent(directory, "k");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
        .isEqualTo("rw-------");
    assertThat(SigningKeys.writeIfAbsent(directory, "k")).isEqualTo(privateFile);
    assertThat(Files.readString(privateFile)).contains("BEGIN PRIVATE KEY");

    Settings settings =
        Settings.empty()
            .with(ModelSigningSettings.SIGNING_KEY_FILE, privateFile.toString())
            .with(ModelSigningSettings.TRUSTED_KEYS, directory.resolve("k.pub").toString());
    ModelSigner signer = ModelSigningSettings.signer(settings, Map.of()).orElseThrow();
    TrustedKeys trusted = ModelSigningSettings.trustedKeys(settings, Map.of());
    assertThat(trusted.refusal(signer.sign(signed))).isEmpty();

    // DER in base64 through the environment wins over the files.
    ModelSigner other = TestSigning.stranger();
    String derPublic = Base64.getEncoder().encodeToString(other.publicKey().getEncoded());
    TrustedKeys fromEnv =
        ModelSigningSettings.trustedKeys(
            settings, Map.of(ModelSigningSettings.TRUSTED_KEYS_ENV, derPublic));
    assertThat(fromEnv.ids()).containsExactly(other.keyId());
    String pemPrivate = Files.readString(privateFile);
    assertThat(
            ModelSigningSettings.signer(
                    Settings.empty(), Map.of(ModelSigningSettings.SIGNING_KEY_ENV, pemPrivate))
                .orElseThrow()
                .keyId())
        .isEqualTo(signer.keyId());
  }

  private static ByteBuffer flipped(ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    bytes[bytes.length / 2] ^= 0x01;
    return ByteBuffer.wrap(bytes);
  }

  @Test
  void anEnvelopeSignedBeforeReferenceProfilesStillVerifies() throws Exception {
    // What a build without the field signed: the envelope's Avro encoding under the previous
    // schema (signature null, metrics in key order), after the domain prefix.
    org.apache.avro.Schema previous =
        io.osprey.schema.codec.KnownSchemas.previousVersions().stream()
            .filter(schema -> schema.getName().equals("ModelEnvelope"))
            .filter(schema -> schema.getField("signature") != null)
            .filter(schema -> schema.getField("referenceProfile") == null)
            .findFirst()
            .orElseThrow();
    ModelEnvelope unsigned =
        ModelEnvelope.newBuilder(signed)
            .setSignature(null)
            .setMetrics(new java.util.TreeMap<>(signed.getMetrics()))
            .build();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(CanonicalEnvelope.DOMAIN);
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<Object>(
            previous, org.apache.avro.specific.SpecificData.get())
        .write(unsigned, encoder);
    encoder.flush();

    assertThat(CanonicalEnvelope.bytes(signed)).isEqualTo(out.toByteArray());
  }

  @Test
  void aReferenceProfileIsCoveredAndItsAbsenceDiffers() {
    ModelEnvelope withProfile =
        TestSigning.SIGNER.sign(
            ModelEnvelope.newBuilder(signed)
                .setReferenceProfile(
                    ReferenceProfiles.of(
                        List.of("amount", "count", "ecom"),
                        new double[][] {{1, 2, 0}, {3, 4, 1}, {5, 6, 1}},
                        new double[] {0.1, 0.5, 0.9},
                        0.5,
                        2,
                        10,
                        20))
                .build());

    assertThat(TestSigning.TRUSTED.refusal(withProfile)).isEmpty();
    assertThat(CanonicalEnvelope.bytes(withProfile)).isNotEqualTo(CanonicalEnvelope.bytes(signed));
    ModelEnvelope stripped =
        ModelEnvelope.newBuilder(withProfile).setReferenceProfile(null).build();
    assertThat(TestSigning.TRUSTED.refusal(stripped)).isPresent();
  }
}
