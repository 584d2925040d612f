package io.osprey.scoring;

import static io.osprey.scoring.ScoringSettings.APPLICATION_ID;
import static io.osprey.scoring.ScoringSettings.COMMIT_INTERVAL;
import static io.osprey.scoring.ScoringSettings.DECISION_RETENTION;
import static io.osprey.scoring.ScoringSettings.EMITTED_DECISIONS;
import static io.osprey.scoring.ScoringSettings.FALLBACK_AMOUNT_RATIO;
import static io.osprey.scoring.ScoringSettings.FALLBACK_BURST_COUNT;
import static io.osprey.scoring.ScoringSettings.HTTP_HOST;
import static io.osprey.scoring.ScoringSettings.HTTP_PORT;
import static io.osprey.scoring.ScoringSettings.LAST_PREDICTIONS;
import static io.osprey.scoring.ScoringSettings.METRICS_PORT;
import static io.osprey.scoring.ScoringSettings.MODEL_MAX_AGE;
import static io.osprey.scoring.ScoringSettings.PROCESSING_GUARANTEE;
import static io.osprey.scoring.ScoringSettings.REASON_COUNT;
import static io.osprey.scoring.ScoringSettings.RETAINED_VERSIONS;
import static io.osprey.scoring.ScoringSettings.REVIEW_BAND;
import static io.osprey.scoring.ScoringSettings.SPEC_HASH;
import static io.osprey.scoring.ScoringSettings.STANDBY_REPLICAS;
import static io.osprey.scoring.ScoringSettings.STATE_DIR;
import static io.osprey.scoring.ScoringSettings.STREAM_THREADS;

import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.scoring.ScoringSettings.EmittedDecisionsMode;
import io.osprey.scoring.ScoringSettings.Guarantee;
import io.osprey.scoring.ScoringSettings.LastPredictions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The scorer's resolved configuration, read once where the scorer is built. Build it with {@link
 * #from(Settings)}; keys and defaults live in {@link ScoringSettings}.
 *
 * @param applicationId Kafka Streams application id: consumer group and state-dir name
 * @param stateDir where RocksDB keeps the model store (survives restarts: no model reload from
 *     Kafka)
 * @param guarantee at-least-once or exactly-once-v2
 * @param commitInterval how often offsets are committed (and, with EOS, transactions closed)
 * @param streamThreads stream threads of this instance; each task holds its own model copy
 * @param specHash the feature spec this scorer serves; envelopes for another spec are refused
 * @param reviewBand width of the REVIEW band just below a model's threshold
 * @param reasonCount how many feature contributions a flagged model prediction carries
 * @param fallback what scores before the first model exists ({@link #fallback(Settings)})
 * @param metricsPort port of the Prometheus endpoint that {@link ScoringMain} opens
 * @param retainedVersions accepted versions per model name kept in the store (and compiled per
 *     task) so that a rollback to one of them swaps without loading
 * @param standbyReplicas warm copies of each task's local state on other instances
 * @param httpHost host name other instances and clients reach this instance's HTTP endpoint by
 * @param httpPort port of the HTTP query endpoint ({@code -1}: none, {@code 0}: any free port)
 * @param trust the keys whose model signatures this scorer believes and the largest version jump it
 *     takes ({@link io.osprey.model.signing.ModelSigningSettings})
 * @param maxModelAge served-model age in event time past which an alert is raised; zero: never
 */
public record ScoringConfig(
    String applicationId,
    Path stateDir,
    Guarantee guarantee,
    Duration commitInterval,
    int streamThreads,
    String specHash,
    double reviewBand,
    int reasonCount,
    Fallback fallback,
    int metricsPort,
    int retainedVersions,
    int standbyReplicas,
    String httpHost,
    int httpPort,
    LastPredictions lastPredictions,
    EnvelopeTrust trust,
    EmittedDecisionsMode emittedDecisions,
    Duration decisionRetention,
    Duration maxModelAge) {

  public static ScoringConfig from(Settings settings) {
    return new ScoringConfig(
        settings.get(APPLICATION_ID),
        Path.of(settings.get(STATE_DIR)),
        settings.get(PROCESSING_GUARANTEE),
        commitInterval(settings),
        settings.get(STREAM_THREADS),
        servedSpecHash(settings),
        settings.get(REVIEW_BAND),
        settings.get(REASON_COUNT),
        fallback(settings),
        settings.get(METRICS_PORT),
        settings.get(RETAINED_VERSIONS),
        settings.get(STANDBY_REPLICAS),
        settings.get(HTTP_HOST),
        settings.get(HTTP_PORT),
        settings.get(LAST_PREDICTIONS),
        EnvelopeTrust.of(settings),
        settings.get(EMITTED_DECISIONS),
        settings.get(DECISION_RETENTION),
        settings.get(MODEL_MAX_AGE));
  }

  /** {@link ScoringSettings#COMMIT_INTERVAL}, or the guarantee's own when it is 0s. */
  static Duration commitInterval(Settings settings) {
    Duration given = settings.get(COMMIT_INTERVAL);
    return given.isZero() ? settings.get(PROCESSING_GUARANTEE).defaultCommitInterval() : given;
  }

  /**
   * The fallback of the configured feature spec: its own signals or prior when it declares an
   * {@code outcome:}; the payments rule (tuned by {@link ScoringSettings#FALLBACK_BURST_COUNT} and
   * {@link ScoringSettings#FALLBACK_AMOUNT_RATIO}) for the built-in payment spec, which does not.
   */
  static Fallback fallback(Settings settings) {
    FeatureSpec spec = FeatureSpecs.load(settings.get(CommonSettings.FEATURE_SPEC));
    boolean payments = spec.hash().equals(FeatureLayout.PAYMENTS.specHash());
    if (payments && spec.outcome().fallback().isEmpty()) {
      return new FallbackRule(
          settings.get(FALLBACK_BURST_COUNT), settings.get(FALLBACK_AMOUNT_RATIO));
    }
    return SpecFallback.of(spec);
  }

  /**
   * {@link ScoringSettings#SPEC_HASH}, or the hash of the configured feature spec when it is empty.
   */
  static String servedSpecHash(Settings settings) {
    String hash = settings.get(SPEC_HASH).trim();
    return hash.isEmpty()
        ? FeatureSpecs.load(settings.get(CommonSettings.FEATURE_SPEC)).hash()
        : hash;
  }
}
