package io.osprey.model;

import io.osprey.model.signing.ModelSigner;
import io.osprey.schema.Calibration;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.ReferenceProfile;
import io.osprey.schema.TrainingWindow;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns models into versioned, signed envelopes and back (through the loader {@link ModelFormats}
 * registers for the envelope's format). Whether a signature is believed is the reader's call
 * ({@link io.osprey.model.signing.TrustedKeys}), made before opening. Opening checks what a scorer
 * must not take on trust either: the payload checksum, the format, that the network loads, that the
 * normaliser and feature names agree with it, and that a calibration, if any, is a usable
 * increasing map.
 *
 * <p>The envelope's {@code threshold} is on the scale of the scores {@link #openForScoring}
 * returns: calibrated probabilities when the envelope carries a calibration.
 */
public final class ModelEnvelopes {
  public static final String CHAMPION = "champion";
  public static final String CHALLENGER = "challenger";

  private ModelEnvelopes() {}

  /**
   * What a trainer knows about a model it is about to publish.
   *
   * @param threshold the operating threshold on the calibrated scale (the raw one without a
   *     calibration)
   * @param calibration maps the model's scores to probabilities; null: they are used as they are
   * @param referenceProfile what the model saw in its training window, for drift monitors; null:
   *     none
   */
  public record Publication(
      String name,
      long version,
      Long parentVersion,
      String role,
      String specHash,
      List<String> featureNames,
      TrainingWindow trainingWindow,
      Map<String, Double> metrics,
      double threshold,
      String codeVersion,
      Calibration calibration,
      ReferenceProfile referenceProfile) {

    /** A publication without a reference profile. */
    public Publication(
        String name,
        long version,
        Long parentVersion,
        String role,
        String specHash,
        List<String> featureNames,
        TrainingWindow trainingWindow,
        Map<String, Double> metrics,
        double threshold,
        String codeVersion,
        Calibration calibration) {
      this(
          name,
          version,
          parentVersion,
          role,
          specHash,
          featureNames,
          trainingWindow,
          metrics,
          threshold,
          codeVersion,
          calibration,
          null);
    }

    /** The same publication carrying {@code profile}. */
    public Publication withReferenceProfile(ReferenceProfile profile) {
      return new Publication(
          name,
          version,
          parentVersion,
          role,
          specHash,
          featureNames,
          trainingWindow,
          metrics,
          threshold,
          codeVersion,
          calibration,
          profile);
    }

    /** A publication without calibration. */
    public Publication(
        String name,
        long version,
        Long parentVersion,
        String role,
        String specHash,
        List<String> featureNames,
        TrainingWindow trainingWindow,
        Map<String, Double> metrics,
        double threshold,
        String codeVersion) {
      this(
          name,
          version,
          parentVersion,
          role,
          specHash,
          featureNames,
          trainingWindow,
          metrics,
          threshold,
          codeVersion,
          null);
    }
  }

  /** The envelope of {@code model}, signed by {@code signer}. */
  public static ModelEnvelope seal(
      ScoringModel model, Publication publication, long createdAt, ModelSigner signer) {
    byte[] payload = model.payload();
    return signer.sign(
        ModelEnvelope.newBuilder()
            .setName(publication.name())
            .setVersion(publication.version())
            .setParentVersion(publication.parentVersion())
            .setRole(publication.role())
            .setSpecHash(publication.specHash())
            .setFeatureNames(publication.featureNames())
            .setCreatedAt(createdAt)
            .setTrainingWindow(publication.trainingWindow())
            .setMetrics(publication.metrics())
            .setThreshold(publication.threshold())
            .setFeatureMean(model.normalizer().meanList())
            .setFeatureStd(model.normalizer().stdList())
            .setFormat(model.format())
            .setPayload(ByteBuffer.wrap(payload))
            .setChecksum(sha256(payload))
            .setCodeVersion(publication.codeVersion())
            .setCalibration(publication.calibration())
            .setReferenceProfile(publication.referenceProfile())
            .build());
  }

  /**
   * Verifies an envelope and loads its model.
   *
   * @throws ModelException naming the first check that failed
   */
  public static ScoringModel open(ModelEnvelope envelope) {
    byte[] payload = bytes(envelope.getPayload());
    String checksum = sha256(payload);
    if (!checksum.equalsIgnoreCase(envelope.getChecksum())) {
      throw new ModelException(
          "checksum mismatch for "
              + envelope.getName()
              + " v"
              + envelope.getVersion()
              + ": envelope says "
              + envelope.getChecksum()
              + ", payload hashes to "
              + checksum);
    }
    Normalizer normalizer = Normalizer.of(envelope.getFeatureMean(), envelope.getFeatureStd());
    for (int i = 0; i < normalizer.size(); i++) {
      if (!Double.isFinite(normalizer.mean()[i])
          || !Double.isFinite(normalizer.std()[i])
          || normalizer.std()[i] < 0) {
        throw new ModelException(
            "normaliser of feature "
                + i
                + " is not finite and non-negative: mean "
                + normalizer.mean()[i]
                + ", std "
                + normalizer.std()[i]);
      }
    }
    if (!(envelope.getThreshold() >= 0 && envelope.getThreshold() <= 1)) {
      throw new ModelException("threshold " + envelope.getThreshold() + " is not in [0, 1]");
    }
    if (normalizer.size() != envelope.getFeatureNames().size()) {
      throw new ModelException(
          "envelope names "
              + envelope.getFeatureNames().size()
              + " features but normalises "
              + normalizer.size());
    }
    PlattCalibration.of(envelope); // refuses a calibration that is not an increasing map
    return ModelFormats.of(envelope.getFormat()).load(payload, normalizer);
  }

  /**
   * Verifies an envelope like {@link #open} and returns what the scorer serves: its model in its
   * format's scoring form ({@link ModelFormat#forScoring}: a DL4J network compiled for fast
   * single-row scoring), its scores passed through the envelope's calibration when it has one
   * ({@link CalibratedModel}).
   *
   * <p>{@link #open} returns the raw network instead, which is what a trainer resumes from.
   */
  public static ScoringModel openForScoring(ModelEnvelope envelope) {
    ScoringModel compiled = ModelFormats.of(envelope.getFormat()).forScoring(open(envelope));
    return PlattCalibration.of(envelope)
        .<ScoringModel>map(calibration -> new CalibratedModel(compiled, calibration))
        .orElse(compiled);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
