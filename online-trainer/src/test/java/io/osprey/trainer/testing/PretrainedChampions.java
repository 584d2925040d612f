package io.osprey.trainer.testing;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.Learner;
import java.util.List;
import java.util.Map;

/**
 * Champion envelopes already on {@code models} before a trainer starts: small networks trained on
 * {@link SyntheticPayments}, signed with the test key, each the successor of the version before.
 * One that learned the labels upside down is the degraded champion a rollback test needs. Public
 * for system-tests (online-trainer's test-jar).
 */
public final class PretrainedChampions {
  private static final int STEPS = 40;
  private static final int BATCH = 32;

  private PretrainedChampions() {}

  /**
   * Version {@code version} of {@code modelName}, trained on payments seeded by the version; with
   * {@code inverted}, on flipped labels, so it ranks frauds last.
   */
  public static ModelEnvelope champion(String modelName, long version, boolean inverted) {
    Learner learner =
        Learner.fresh(
            new MlpShape(List.of(8), 0.02, 0, 3),
            FeatureLayout.PAYMENTS.size(),
            ImbalancePolicy.NONE);
    SyntheticPayments payments = new SyntheticPayments(version, 0.0);
    for (int step = 0; step < STEPS; step++) {
      double[][] features = new double[BATCH][];
      double[] labels = new double[BATCH];
      for (int i = 0; i < BATCH; i++) {
        boolean fraud = i % 4 == 0;
        features[i] = payments.values(fraud);
        labels[i] = fraud != inverted ? 1 : 0;
      }
      learner.evaluateThenFit(new TrainingBatch(features, labels, 0, 1, Map.of()));
    }
    return ModelEnvelopes.seal(
        learner.snapshot(),
        new ModelEnvelopes.Publication(
            modelName,
            version,
            version == 1 ? null : version - 1,
            ModelEnvelopes.CHAMPION,
            FeatureLayout.PAYMENTS.specHash(),
            FeatureLayout.PAYMENTS.names(),
            new TrainingWindow(0L, 1L, (long) STEPS * BATCH, null),
            Map.of(),
            0.5,
            "test"),
        version,
        TestSigning.SIGNER);
  }
}
