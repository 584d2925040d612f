package io.osprey.scoring;

import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Every key the scorer reads, with its default, and the typed values they resolve to. Kafka
 * endpoints and topic names come from {@link io.osprey.platform.config.CommonSettings}.
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
 * @param fallback parameters of the rule that scores before the first model exists
 * @param metricsPort port of the Prometheus endpoint that {@link ScoringMain} opens
 */
public record ScoringSettings(
    String applicationId,
    Path stateDir,
    Guarantee guarantee,
    Duration commitInterval,
    int streamThreads,
    String specHash,
    double reviewBand,
    int reasonCount,
    FallbackRule fallback,
    int metricsPort) {

  public static final Setting<String> APPLICATION_ID =
      Setting.text(
          "scoring.application.id",
          "Kafka Streams application id (consumer group, state directory name).",
          "osprey-scoring");

  /** A temp-dir default suits the demo; production points this at a persistent volume. */
  public static final Setting<String> STATE_DIR =
      Setting.text(
          "scoring.state.dir",
          "Directory of the RocksDB state stores.",
          Path.of(System.getProperty("java.io.tmpdir"), "osprey-scoring").toString());

  /**
   * At-least-once by default: predictions are keyed by event id, so a record re-scored after a
   * crash replaces its earlier prediction for any key-aware consumer, and EOS would add a
   * transaction per commit interval (100 ms) plus read_committed latency downstream. Choose
   * EXACTLY_ONCE_V2 when consumers cannot tolerate a duplicate.
   */
  public static final Setting<Guarantee> PROCESSING_GUARANTEE =
      Setting.choice(
          "scoring.processing.guarantee",
          "at_least_once (duplicates possible after a crash) or exactly_once_v2.",
          Guarantee.class,
          Guarantee.AT_LEAST_ONCE);

  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.duration(
          "scoring.commit.interval",
          "Offset commit interval; low for latency under exactly-once.",
          Duration.ofMillis(100));

  public static final Setting<Integer> STREAM_THREADS =
      Setting.integer("scoring.stream.threads", "Stream threads per instance.", 1, 1, 64);

  public static final Setting<String> SPEC_HASH =
      Setting.text(
          "scoring.spec.hash",
          "Feature spec hash served; envelopes for another spec are refused.",
          FeatureLayout.PAYMENTS.specHash());

  public static final Setting<Double> REVIEW_BAND =
      Setting.decimal(
          "scoring.review.band",
          "Scores in [threshold - band, threshold) are REVIEW; below is APPROVE.",
          0.1,
          0.0,
          1.0);

  public static final Setting<Integer> REASON_COUNT =
      Setting.integer(
          "scoring.reasons.count",
          "Feature contributions attached to a flagged model prediction (0 disables).",
          3,
          0,
          64);

  public static final Setting<Integer> FALLBACK_BURST_COUNT =
      Setting.integer(
          "scoring.fallback.burst.count",
          "Fallback rule: this many events of the card in the hour is a burst.",
          10,
          2,
          1_000_000);

  public static final Setting<Double> FALLBACK_AMOUNT_RATIO =
      Setting.decimal(
          "scoring.fallback.amount.ratio",
          "Fallback rule: with a country change, an amount this many times the card's mean flags.",
          5.0,
          1.0,
          1e9);

  public static final Setting<Integer> METRICS_PORT =
      Setting.integer(
          "scoring.metrics.port",
          "Prometheus endpoint port of ScoringMain (0: any).",
          9401,
          0,
          65535);

  public static ScoringSettings from(Settings settings) {
    return new ScoringSettings(
        settings.get(APPLICATION_ID),
        Path.of(settings.get(STATE_DIR)),
        settings.get(PROCESSING_GUARANTEE),
        settings.get(COMMIT_INTERVAL),
        settings.get(STREAM_THREADS),
        settings.get(SPEC_HASH),
        settings.get(REVIEW_BAND),
        settings.get(REASON_COUNT),
        new FallbackRule(settings.get(FALLBACK_BURST_COUNT), settings.get(FALLBACK_AMOUNT_RATIO)),
        settings.get(METRICS_PORT));
  }

  /** Kafka Streams processing guarantees this scorer supports. */
  public enum Guarantee {
    AT_LEAST_ONCE,
    EXACTLY_ONCE_V2;

    /** The value of {@code processing.guarantee}. */
    public String streamsName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
