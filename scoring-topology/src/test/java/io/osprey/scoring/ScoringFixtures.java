package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelEnvelopes.Publication;
import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.registry.Republication;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
import java.util.List;
import java.util.Map;

/** Vectors and envelopes shared by the scorer's tests. */
final class ScoringFixtures {
  static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;
  static final String MODEL_NAME = "payments";
  static final long EVENT_TIME = 1_700_000_000_000L;

  /**
   * amount_log, count_1h, sum_1h_log, amount_to_mean_1h, secs_since_prev_log, country_changed,
   * is_ecom, high_risk_mcc; the keyed, label-aware and lag columns after them are 0 (quiet
   * merchants, terminals and devices, no known fraud, no previous payment).
   */
  static final List<Double> ORDINARY = payment(3.5, 2.0, 4.2, 1.0, 7.0, 0.0, 0.0, 0.0);

  static final List<Double> BURST = payment(1.0, 25.0, 4.5, 0.3, 1.0, 0.0, 1.0, 0.0);
  static final List<Double> FAR_FROM_HOME = payment(7.5, 3.0, 7.8, 9.0, 9.0, 1.0, 0.0, 0.0);
  static final List<Double> BURST_FAR_FROM_HOME = payment(7.5, 30.0, 9.0, 9.0, 2.0, 1.0, 1.0, 1.0);

  /** A payments vector: the card's eight columns, then 0 for every other column of the layout. */
  static List<Double> payment(Double... cardColumns) {
    List<Double> values = new java.util.ArrayList<>(List.of(cardColumns));
    while (values.size() < LAYOUT.size()) {
      values.add(0.0);
    }
    return List.copyOf(values);
  }

  /**
   * One untrained network (fixed seed) sealed under several versions: loading it is what we test.
   */
  private static ScoringModel model;

  /** A second network (another seed), so that two models score differently. */
  private static ScoringModel other;

  private ScoringFixtures() {}

  static FeatureVector vector(String eventId, List<Double> values) {
    return vector(eventId, LAYOUT.specHash(), values);
  }

  static FeatureVector vector(String eventId, String specHash, List<Double> values) {
    return FeatureVector.newBuilder()
        .setEventId(eventId)
        .setEntityId("card-" + eventId.hashCode() % 7)
        .setEventTime(EVENT_TIME)
        .setSpecHash(specHash)
        .setValues(values)
        .setIngestTime(EVENT_TIME + 5)
        .setFeatureTime(EVENT_TIME + 10)
        .build();
  }

  static synchronized ScoringModel model() {
    if (model == null) {
      model = Dl4jMlp.create(MlpShape.DEFAULT, LAYOUT.size());
    }
    return model;
  }

  static synchronized ScoringModel otherModel() {
    if (other == null) {
      MlpShape shape = MlpShape.DEFAULT;
      other =
          Dl4jMlp.create(
              new MlpShape(shape.hiddenLayers(), shape.learningRate(), shape.l2(), 7),
              LAYOUT.size());
    }
    return other;
  }

  /** A challenger envelope of the second network. */
  static ModelEnvelope challenger(long version, double threshold) {
    return envelope(otherModel(), version, threshold, ModelEnvelopes.CHALLENGER);
  }

  /** A champion envelope of the second network. */
  static ModelEnvelope otherChampion(long version, double threshold) {
    return envelope(otherModel(), version, threshold, ModelEnvelopes.CHAMPION);
  }

  /** {@code envelope} promoted to champion under {@code version}, as the model registry does. */
  static ModelEnvelope republished(ModelEnvelope envelope, long version) {
    return Republication.promotion(envelope, version, envelope.getCreatedAt(), TestSigning.SIGNER);
  }

  static ModelEnvelope envelope(long version, double threshold) {
    return envelope(version, threshold, LAYOUT.specHash());
  }

  static ModelEnvelope envelope(long version, double threshold, String specHash) {
    return envelope(model(), version, threshold, ModelEnvelopes.CHAMPION, specHash);
  }

  static ModelEnvelope envelope(ScoringModel network, long version, double threshold, String role) {
    return envelope(network, version, threshold, role, LAYOUT.specHash());
  }

  static ModelEnvelope envelope(
      ScoringModel network, long version, double threshold, String role, String specHash) {
    Publication publication =
        new Publication(
            MODEL_NAME,
            version,
            version > 1 ? version - 1 : null,
            role,
            specHash,
            LAYOUT.names(),
            TrainingWindow.newBuilder()
                .setFromEventTime(0)
                .setToEventTime(EVENT_TIME)
                .setExamples(1000)
                .build(),
            Map.of("auc", 0.9),
            threshold,
            "test");
    return ModelEnvelopes.seal(network, publication, EVENT_TIME, TestSigning.SIGNER);
  }

  /**
   * An envelope whose checksum does not match its payload, signed by the trusted key all the same
   * (so the checks after the signature's are what refuse it).
   */
  static ModelEnvelope tampered(long version) {
    return TestSigning.SIGNER.sign(
        ModelEnvelope.newBuilder(envelope(version, 0.5)).setChecksum("00".repeat(32)).build());
  }

  /** {@code envelope} changed by {@code change} and not signed again: a forgery. */
  static ModelEnvelope forged(
      ModelEnvelope envelope, java.util.function.UnaryOperator<ModelEnvelope.Builder> change) {
    return change.apply(ModelEnvelope.newBuilder(envelope)).build();
  }
}
