package io.osprey.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.platform.config.Settings;
import io.osprey.trainer.bootstrap.BootstrapOptions;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.LearnerKind;
import io.osprey.trainer.learning.WideAndDeepLearner;
import io.osprey.trainer.publication.PublishPolicy;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.PromotionGate;
import io.osprey.trainer.review.ThresholdPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

  @Test
  void defaults() {
    TrainerConfig config = TrainerConfig.from(Settings.empty());

    assertThat(config.modelName()).isEqualTo("fraud");
    assertThat(config.batchSize()).isEqualTo(64);
    assertThat(config.publishPolicy())
        .isEqualTo(new PublishPolicy(1024, Duration.ofMinutes(1), Duration.ofMinutes(15)));
    assertThat(config.threshold()).isEqualTo(0.5);
    assertThat(config.consumerGroup()).isEqualTo("osprey-trainer");
    assertThat(config.shape().hiddenLayers()).containsExactly(32, 16);
    assertThat(config.imbalance()).isEqualTo(ImbalancePolicy.NONE);
    assertThat(config.alertBudget()).isEqualTo(0.005);
    assertThat(config.thresholdPolicy().target()).isEqualTo(ThresholdPolicy.Target.FIXED);
    assertThat(config.gate())
        .isEqualTo(
            new PromotionGate.Rule(
                true,
                PromotionGate.Metric.PR_AUC,
                0.0,
                200,
                PromotionGate.OnLoss.CHALLENGER,
                0.05));
    assertThat(config.holdOutFraction()).isEqualTo(0.1);
    assertThat(config.exactlyOnce()).isTrue();
    assertThat(config.transactionalId()).isEqualTo("osprey-trainer-fraud");
    assertThat(config.calibrator()).isEqualTo(new Calibrator(true, 200));
    assertThat(config.baselineEnabled()).isTrue();
    assertThat(config.baselineLearningRate()).isEqualTo(0.5);
    assertThat(config.bootstrap()).isEqualTo(new BootstrapOptions(0.2, 20, 3, 256));
    assertThat(config.nativeThreads()).isEqualTo(1);
  }

  @Test
  void readsTheLearnerAndItsWideAndDeepParts() {
    TrainerConfig config =
        TrainerConfig.from(
            Settings.of(
                Map.of(
                    TrainerSettings.LEARNER.key(), "WIDE_AND_DEEP",
                    TrainerSettings.WIDE_RATES.key(), "0.2, 1",
                    TrainerSettings.WIDE_L2.key(), "0,0.01",
                    TrainerSettings.WIDE_HEDGE_WINDOW.key(), "500",
                    TrainerSettings.DEEP_PASSES.key(), "3",
                    TrainerSettings.DEEP_REPLAY.key(), "1000",
                    TrainerSettings.DEEP_BOUND.key(), "0")));

    assertThat(config.learner()).isEqualTo(LearnerKind.WIDE_AND_DEEP);
    WideAndDeepLearner.Recipe recipe = config.wideAndDeep();
    assertThat(recipe.wideRates()).containsExactly(0.2, 1.0);
    assertThat(recipe.wideL2s()).containsExactly(0.0, 0.01);
    assertThat(recipe.hedgeDecay()).isEqualTo(1 - 1.0 / 500);
    assertThat(recipe.deepPasses()).isEqualTo(3);
    assertThat(recipe.replayRecent()).isEqualTo(1000);
    assertThat(recipe.deepBound()).as("0: unbounded").isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(config.learner().fresh(config)).isInstanceOf(WideAndDeepLearner.class);
    TrainerConfig defaults = TrainerConfig.from(Settings.empty());
    assertThat(defaults.learner()).isEqualTo(LearnerKind.WIDE_AND_DEEP);
    assertThat(defaults.wideAndDeep().deepBound()).isEqualTo(4.0);
  }

  @Test
  void refusesWideDecaysThatDoNotMatchTheRates() {
    assertThatThrownBy(
            () ->
                TrainerConfig.from(
                    Settings.of(
                        Map.of(
                            TrainerSettings.WIDE_RATES.key(), "0.2,1",
                            TrainerSettings.WIDE_L2.key(), "0"))))
        .hasMessageContaining("trainer.wide.l2");
    assertThatThrownBy(
            () -> TrainerConfig.from(Settings.of(Map.of(TrainerSettings.WIDE_RATES.key(), "x"))))
        .hasMessageContaining("trainer.wide.learning.rates");
  }

  @Test
  void readsTheBootstrapCalibrationAndBaselineSettings() {
    TrainerConfig config =
        TrainerConfig.from(
            Settings.of(
                Map.of(
                    TrainerSettings.BOOTSTRAP_VALIDATION_FRACTION.key(), "0.3",
                    TrainerSettings.BOOTSTRAP_MAX_EPOCHS.key(), "7",
                    TrainerSettings.BOOTSTRAP_PATIENCE.key(), "2",
                    TrainerSettings.BOOTSTRAP_BATCH_SIZE.key(), "128",
                    TrainerSettings.CALIBRATION_ENABLED.key(), "false",
                    TrainerSettings.BASELINE_ENABLED.key(), "false")));

    assertThat(config.bootstrap()).isEqualTo(new BootstrapOptions(0.3, 7, 2, 128));
    assertThat(config.calibrator().enabled()).isFalse();
    assertThat(config.baselineEnabled()).isFalse();
  }

  @Test
  void theFeatureLayoutIsTheConfiguredSpecs(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertThat(TrainerConfig.from(Settings.empty()).layout())
        .isEqualTo(io.osprey.schema.features.FeatureLayout.PAYMENTS);

    java.nio.file.Path spec = dir.resolve("readings.yaml");
    java.nio.file.Files.writeString(
        spec,
        String.join(
            "\n",
            "name: readings",
            "event:",
            "  format: json",
            "  id: id",
            "  entity: sensor",
            "  time: at",
            "  fields:",
            "    id: string",
            "    sensor: string",
            "    at: timestamp",
            "    value: double",
            "features:",
            "  - {name: value, kind: numeric, field: value}",
            "  - {name: readings_1h, kind: aggregate, function: count, window: 1h}",
            ""));
    TrainerConfig config =
        TrainerConfig.from(
            Settings.of(
                Map.of(
                    io.osprey.platform.config.CommonSettings.FEATURE_SPEC.key(), spec.toString())));
    assertThat(config.layout().names()).containsExactly("value", "readings_1h");
    assertThat(config.layout().specHash())
        .isNotEqualTo(io.osprey.schema.features.FeatureLayout.PAYMENTS.specHash());
  }

  @Test
  void aDisabledGateHoldsNothingOut() {
    TrainerConfig config =
        TrainerConfig.from(Settings.of(Map.of(TrainerSettings.GATE_ENABLED.key(), "false")));
    assertThat(config.holdOutFraction()).isZero();
  }

  @Test
  void readsTheShape() {
    TrainerConfig config =
        TrainerConfig.from(
            Settings.of(
                Map.of(
                    TrainerSettings.HIDDEN_LAYERS.key(), " 8, 4 ,2",
                    TrainerSettings.LEARNING_RATE.key(), "0.01")));

    assertThat(config.shape().hiddenLayers()).isEqualTo(List.of(8, 4, 2));
    assertThat(config.shape().learningRate()).isEqualTo(0.01);
  }

  @Test
  void aWrongShapeNamesItsKey() {
    Settings settings = Settings.of(Map.of(TrainerSettings.HIDDEN_LAYERS.key(), "32,,0"));
    assertThatThrownBy(() -> TrainerConfig.from(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainer.model.hidden.layers");
  }

  @Test
  void aSpecMayNameItsModelAndTheSettingStillWins(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path spec =
        java.nio.file.Files.writeString(
            dir.resolve("motes.yaml"),
            """
            name: motes
            event:
              format: json
              id: id
              entity: mote
              time: at
              fields: {id: string, mote: string, at: timestamp, humidity: double}
            features:
              - {name: humidity, kind: numeric, field: humidity}
            outcome: {positive: anomaly, model: motes-anomaly}
            """);
    Settings withSpec =
        Settings.of(
            Map.of(io.osprey.platform.config.CommonSettings.FEATURE_SPEC.key(), spec.toString()));

    assertThat(TrainerConfig.from(withSpec).modelName()).isEqualTo("motes-anomaly");
    assertThat(TrainerConfig.from(withSpec.with(TrainerSettings.MODEL_NAME, "mine")).modelName())
        .isEqualTo("mine");
    assertThat(TrainerConfig.from(Settings.empty()).modelName()).isEqualTo("fraud");
  }
}
