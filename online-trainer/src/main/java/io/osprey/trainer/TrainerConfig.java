package io.osprey.trainer;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.trainer.bootstrap.BootstrapOptions;
import io.osprey.trainer.learning.ImbalancePolicy;
import io.osprey.trainer.learning.LearnerKind;
import io.osprey.trainer.learning.WideAndDeepLearner;
import io.osprey.trainer.publication.PublishPolicy;
import io.osprey.trainer.review.Calibrator;
import io.osprey.trainer.review.PromotionGate;
import io.osprey.trainer.review.ThresholdPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The trainer's settings resolved once into typed values, so the loop never reads raw keys and a
 * wrong value fails at start with a message naming its key.
 *
 * @param learner which online learner runs ({@code trainer.learner})
 * @param wideAndDeep how a {@link LearnerKind#WIDE_AND_DEEP} learner is built
 * @param layout the features this trainer learns from; vectors of any other spec are skipped. The
 *     one place the trainer (online and batch) chooses it.
 * @param holdOutWindow how far back in event time the hold-out reaches (zero: no limit)
 * @param clearlyBetter when the learner counts as clearly better than the champion
 * @param calibrator how each publication's calibration is fitted
 * @param baselineLearningRate SGD step of the logistic-regression baseline; 0: no baseline
 * @param kafka the brokers and how the trainer's clients authenticate
 * @param bootstrap how a model is trained from the lake
 * @param nativeThreads threads per ND4J operation, JVM-wide; 0: ND4J's default
 * @param signer the key that signs every publication (required to publish)
 * @param trust which envelopes on {@code models} the trainer believes: the configured keys and its
 *     own; the others never set its version sequence nor its weights
 */
public record TrainerConfig(
    KafkaClients kafka,
    String modelName,
    String consumerGroup,
    int batchSize,
    Duration batchLinger,
    PublishPolicy publishPolicy,
    double threshold,
    int evaluationWindowBatches,
    MlpShape shape,
    LearnerKind learner,
    WideAndDeepLearner.Recipe wideAndDeep,
    FeatureLayout layout,
    ImbalancePolicy imbalance,
    double alertBudget,
    ThresholdPolicy thresholdPolicy,
    PromotionGate.Rule gate,
    double holdOutFraction,
    int holdOutSize,
    Duration holdOutWindow,
    RecentComparisonRule clearlyBetter,
    boolean exactlyOnce,
    Calibrator calibrator,
    double baselineLearningRate,
    BootstrapOptions bootstrap,
    int nativeThreads,
    Optional<ModelSigner> signer,
    EnvelopeTrust trust) {

  public TrainerConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(publishPolicy, "publishPolicy");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(wideAndDeep, "wideAndDeep");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(imbalance, "imbalance");
    Objects.requireNonNull(thresholdPolicy, "thresholdPolicy");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(calibrator, "calibrator");
    Objects.requireNonNull(holdOutWindow, "holdOutWindow");
    Objects.requireNonNull(clearlyBetter, "clearlyBetter");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(trust, "trust");
    if (modelName.isBlank()) {
      throw new IllegalArgumentException(TrainerSettings.MODEL_NAME.key() + ": must not be blank");
    }
  }

  /**
   * {@link TrainerSettings#MODEL_NAME} when it is set, else the model the spec names ({@code
   * outcome: model:}), else the setting's default.
   */
  static String modelName(Settings settings, FeatureSpec spec) {
    String named = spec.outcome().model();
    return settings.has(TrainerSettings.MODEL_NAME) || named == null
        ? settings.get(TrainerSettings.MODEL_NAME)
        : named;
  }

  public static TrainerConfig from(Settings settings) {
    Optional<ModelSigner> signer = ModelSigningSettings.signer(settings);
    // The spec ingest computes: its feature names go into every envelope, its hash must match
    // the examples' (others are skipped and counted), and a wrong spec fails here at start-up.
    FeatureSpec spec = FeatureSpecs.load(settings.get(CommonSettings.FEATURE_SPEC));
    return new TrainerConfig(
        KafkaClients.from(settings),
        modelName(settings, spec),
        settings.get(TrainerSettings.CONSUMER_GROUP),
        settings.get(TrainerSettings.BATCH_SIZE),
        settings.get(TrainerSettings.BATCH_LINGER),
        new PublishPolicy(
            settings.get(TrainerSettings.PUBLISH_EVERY_EXAMPLES),
            settings.get(TrainerSettings.PUBLISH_INTERVAL),
            settings.get(TrainerSettings.PUBLISH_EVERY_EVENT_TIME)),
        settings.get(TrainerSettings.THRESHOLD),
        settings.get(TrainerSettings.EVALUATION_WINDOW_BATCHES),
        new MlpShape(
            hiddenLayers(settings.get(TrainerSettings.HIDDEN_LAYERS)),
            settings.get(TrainerSettings.LEARNING_RATE),
            settings.get(TrainerSettings.L2),
            settings.get(TrainerSettings.SEED)),
        settings.get(TrainerSettings.LEARNER),
        wideAndDeep(settings),
        spec.layout(),
        new ImbalancePolicy(
            settings.get(TrainerSettings.POSITIVE_WEIGHT),
            settings.get(TrainerSettings.NEGATIVE_SAMPLE_RATE)),
        settings.get(TrainerSettings.ALERT_BUDGET),
        new ThresholdPolicy(
            settings.get(TrainerSettings.THRESHOLD_TARGET),
            settings.get(TrainerSettings.THRESHOLD),
            settings.get(TrainerSettings.THRESHOLD_MIN_PRECISION),
            settings.get(TrainerSettings.ALERT_BUDGET),
            settings.get(TrainerSettings.COST_MISSED_FRAUD),
            settings.get(TrainerSettings.COST_FALSE_ALARM)),
        new PromotionGate.Rule(
            settings.get(TrainerSettings.GATE_ENABLED),
            settings.get(TrainerSettings.GATE_METRIC),
            settings.get(TrainerSettings.GATE_MIN_IMPROVEMENT),
            settings.get(TrainerSettings.GATE_MIN_LABELS),
            settings.get(TrainerSettings.GATE_ON_LOSS),
            settings.get(TrainerSettings.ROLLBACK_MAX_DEGRADATION)),
        settings.get(TrainerSettings.GATE_ENABLED)
            ? settings.get(TrainerSettings.HOLDOUT_FRACTION)
            : 0.0,
        settings.get(TrainerSettings.HOLDOUT_SIZE),
        settings.get(TrainerSettings.HOLDOUT_WINDOW),
        new RecentComparisonRule(
            settings.get(TrainerSettings.PUBLISH_CLEARLY_BETTER_WINDOW),
            settings.get(TrainerSettings.PUBLISH_CLEARLY_BETTER_Z)),
        settings.get(TrainerSettings.EXACTLY_ONCE),
        new Calibrator(
            settings.get(TrainerSettings.CALIBRATION_ENABLED),
            settings.get(TrainerSettings.CALIBRATION_MIN_LABELS)),
        settings.get(TrainerSettings.BASELINE_ENABLED)
            ? settings.get(TrainerSettings.BASELINE_LEARNING_RATE)
            : 0.0,
        new BootstrapOptions(
            settings.get(TrainerSettings.BOOTSTRAP_VALIDATION_FRACTION),
            settings.get(TrainerSettings.BOOTSTRAP_MAX_EPOCHS),
            settings.get(TrainerSettings.BOOTSTRAP_PATIENCE),
            settings.get(TrainerSettings.BOOTSTRAP_BATCH_SIZE)),
        settings.get(TrainerSettings.NATIVE_THREADS),
        signer,
        signer
            .map(own -> EnvelopeTrust.of(settings, own))
            .orElseGet(() -> EnvelopeTrust.of(settings)));
  }

  /** The signing key, which a trainer that publishes must have. */
  public ModelSigner requireSigner() {
    return signer.orElseThrow(
        () ->
            new IllegalStateException(
                "the trainer publishes models and needs a signing key: set "
                    + ModelSigningSettings.SIGNING_KEY_FILE.key()
                    + " or "
                    + ModelSigningSettings.SIGNING_KEY_ENV));
  }

  /**
   * How the learner is compared with the champion between publications ({@link
   * io.osprey.trainer.publication.RecentComparison}).
   *
   * @param window latest paired examples
   * @param minZ the paired z that counts as clearly better; 0: off
   */
  public record RecentComparisonRule(int window, double minZ) {
    public io.osprey.trainer.publication.RecentComparison start() {
      return new io.osprey.trainer.publication.RecentComparison(window, minZ);
    }
  }

  /** Whether the logistic-regression baseline runs next to the network. */
  public boolean baselineEnabled() {
    return baselineLearningRate > 0;
  }

  /** The producer's transactional id: one per model, so a restarted trainer fences its zombie. */
  public String transactionalId() {
    return "osprey-trainer-" + modelName;
  }

  /** Parses {@code "32,16"}; the message names the key, like {@code Setting#parse} does. */
  static WideAndDeepLearner.Recipe wideAndDeep(Settings settings) {
    List<Double> rates =
        decimals(TrainerSettings.WIDE_RATES.key(), settings.get(TrainerSettings.WIDE_RATES));
    List<Double> l2s =
        decimals(TrainerSettings.WIDE_L2.key(), settings.get(TrainerSettings.WIDE_L2));
    if (rates.size() != l2s.size()) {
      throw new IllegalArgumentException(
          TrainerSettings.WIDE_L2.key()
              + ": needs one value per rate of "
              + TrainerSettings.WIDE_RATES.key()
              + " ("
              + rates.size()
              + "), has "
              + l2s.size());
    }
    int passes = settings.get(TrainerSettings.DEEP_PASSES);
    double bound = settings.get(TrainerSettings.DEEP_BOUND);
    return new WideAndDeepLearner.Recipe(
        rates,
        l2s,
        settings.get(TrainerSettings.WIDE_HEDGE_ETA),
        1 - 1.0 / settings.get(TrainerSettings.WIDE_HEDGE_WINDOW),
        true, // the network is the point
        true, // hedged with and without it: measured on sensors, 0.81 against 0.65 ungated
        false, // linear parts learn alone, the network their residual: 0.81 against 0.74 jointly
        passes,
        passes > 1 ? settings.get(TrainerSettings.DEEP_REPLAY) : 0,
        settings.get(TrainerSettings.BATCH_SIZE),
        bound > 0 ? bound : Double.POSITIVE_INFINITY);
  }

  /** Non-negative numbers separated by commas, read for the setting {@code key}. */
  static List<Double> decimals(String key, String raw) {
    List<Double> values = new ArrayList<>();
    try {
      for (String part : raw.split(",")) {
        double value = Double.parseDouble(part.trim());
        if (!(value >= 0) || Double.isInfinite(value)) {
          throw new NumberFormatException("not a non-negative number");
        }
        values.add(value);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + ": cannot read '" + raw + "' (expected numbers separated by commas, e.g. 0.1,0.5)",
          e);
    }
    return values;
  }

  static List<Integer> hiddenLayers(String raw) {
    List<Integer> units = new ArrayList<>();
    try {
      for (String part : raw.split(",")) {
        int value = Integer.parseInt(part.trim());
        if (value < 1) {
          throw new NumberFormatException("not positive");
        }
        units.add(value);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          TrainerSettings.HIDDEN_LAYERS.key()
              + ": cannot read '"
              + raw
              + "' (expected positive integers separated by commas, e.g. 32,16)",
          e);
    }
    return units;
  }
}
