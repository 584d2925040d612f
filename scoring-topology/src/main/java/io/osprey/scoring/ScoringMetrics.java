package io.osprey.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scorer's meters on a registry the caller owns (ScoringMain's Prometheus registry, or the
 * launcher's). Meters are created up front so that the per-record path only increments.
 */
public final class ScoringMetrics {
  /** Why the fallback rule scored instead of a model. */
  public enum FallbackReason {
    /** No envelope accepted yet. */
    NO_MODEL,
    /** The vector was computed by another feature spec than the model's. */
    SPEC_MISMATCH,
    /** The model threw (e.g. a vector of the wrong length). */
    MODEL_ERROR,
    /** The vector held a NaN or an infinity: no model is asked about values it cannot mean. */
    NON_FINITE_FEATURES,
    /** The model answered NaN or an infinity. */
    NON_FINITE_SCORE
  }

  private static final String MODEL_VERSION = "osprey.scoring.model.version";
  static final String MODEL_AGE_EVENT_TIME = "osprey.scoring.model.age.event.time";
  static final String MODEL_AGE_EVENTS = "osprey.scoring.model.age.events";
  private static final String CHALLENGER_VERSION = "osprey.scoring.challenger.version";
  private static final String AGREEMENT_RATE = "osprey.scoring.challenger.agreement.rate";
  private static final String MEAN_DIFFERENCE = "osprey.scoring.challenger.score.difference.mean";

  private final MeterRegistry registry;
  private final Map<String, Counter> predictions;
  private final Map<FallbackReason, Counter> fallbacks = new EnumMap<>(FallbackReason.class);
  private final Timer latency;
  private final Counter swaps;
  private final Counter streamThreadDeaths;
  private final Counter refused;
  private final Counter decisionsReplayed;
  private final Counter loads;
  private final AtomicLong modelVersion = new AtomicLong();
  private final AtomicLong challengerVersion = new AtomicLong();
  private final Counter agreements;
  private final Counter disagreements;
  private final DistributionSummary scoreDifferences;
  private final ShadowStats shadowStats = new ShadowStats();
  private final ServedModelAge servedAge = new ServedModelAge();

  public ScoringMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.streamThreadDeaths =
        Counter.builder("osprey.scoring.stream.thread.deaths")
            .description("Kafka Streams threads ended by an uncaught exception")
            .register(registry);
    this.predictions =
        Map.of(
            DecisionBands.APPROVE, predictionCounter(DecisionBands.APPROVE),
            DecisionBands.REVIEW, predictionCounter(DecisionBands.REVIEW),
            DecisionBands.DECLINE, predictionCounter(DecisionBands.DECLINE));
    for (FallbackReason reason : FallbackReason.values()) {
      fallbacks.put(
          reason,
          Counter.builder("osprey.scoring.fallbacks")
              .description("Predictions made by the fallback rule, by why no model scored")
              .tag("reason", reason.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    this.latency =
        Timer.builder("osprey.scoring.latency")
            .description("Time to score one feature vector, reasons included")
            // Buckets rather than client-side percentiles, so Prometheus can aggregate instances.
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(20_000))
            .maximumExpectedValue(Duration.ofSeconds(1))
            .register(registry);
    this.swaps =
        Counter.builder("osprey.scoring.model.swaps")
            .description("Envelopes accepted as the new served model")
            .register(registry);
    this.decisionsReplayed =
        Counter.builder("osprey.scoring.decisions.replayed")
            .description(
                "Events scored again (ingest replayed them) that got their earlier decision")
            .register(registry);
    this.refused =
        Counter.builder("osprey.scoring.model.refused")
            .description("Envelopes refused (checksum, load or spec hash)")
            .register(registry);
    this.loads =
        Counter.builder("osprey.scoring.model.loads")
            .description("Per-task model instances loaded from the store")
            .register(registry);
    this.agreements = shadowCounter("agree");
    this.disagreements = shadowCounter("disagree");
    this.scoreDifferences =
        DistributionSummary.builder("osprey.scoring.challenger.score.difference")
            .description("Absolute difference between the challenger's and the decision's score")
            .register(registry);
    // A service restarted on the same registry must not leave gauges reading the old instance.
    for (String gauge :
        List.of(
            MODEL_VERSION,
            CHALLENGER_VERSION,
            AGREEMENT_RATE,
            MEAN_DIFFERENCE,
            MODEL_AGE_EVENT_TIME,
            MODEL_AGE_EVENTS)) {
      registry.find(gauge).gauges().forEach(registry::remove);
    }
    Gauge.builder(MODEL_VERSION, modelVersion, AtomicLong::get)
        .strongReference(true)
        .description("Version of the model this instance serves (0: fallback rule)")
        .register(registry);
    Gauge.builder(CHALLENGER_VERSION, challengerVersion, AtomicLong::get)
        .strongReference(true)
        .description("Version of the challenger scored in shadow (0: none)")
        .register(registry);
    Gauge.builder(AGREEMENT_RATE, shadowStats, ShadowStats::agreementRate)
        .strongReference(true)
        .description(
            "Share of events on which the current challenger's decision agreed (NaN: none yet)")
        .register(registry);
    Gauge.builder(MEAN_DIFFERENCE, shadowStats, ShadowStats::meanDifference)
        .strongReference(true)
        .description("Mean absolute score difference of the current challenger (NaN: none yet)")
        .register(registry);
    Gauge.builder(MODEL_AGE_EVENT_TIME, this, m -> m.servedAge.ageMillis() / 1000.0)
        .strongReference(true)
        .description(
            "Event time from the end of the served champion's training window to the newest event"
                + " it scored, in seconds (negative: no model has scored yet)")
        .register(registry);
    Gauge.builder(MODEL_AGE_EVENTS, this, m -> m.servedAge.eventsSince())
        .strongReference(true)
        .description("Events the served champion has scored on this instance")
        .register(registry);
  }

  /** The served champion's age on this instance. */
  public ServedModelAge servedAge() {
    return servedAge;
  }

  private Counter shadowCounter(String agreement) {
    return Counter.builder("osprey.scoring.challenger.predictions")
        .description("Events the challenger scored in shadow, by whether its decision agreed")
        .tag("agreement", agreement)
        .register(registry);
  }

  private Counter predictionCounter(String decision) {
    return Counter.builder("osprey.scoring.predictions")
        .description("Predictions written, by decision")
        .tag("decision", decision)
        .register(registry);
  }

  void prediction(String decision, long nanos) {
    predictions.get(decision).increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  void decisionReplayed() {
    decisionsReplayed.increment();
  }

  void fallback(FallbackReason reason) {
    fallbacks.get(reason).increment();
  }

  void modelAccepted(ModelRole role, long version) {
    if (role == ModelRole.CHAMPION) {
      swaps.increment();
    }
    modelRestored(role, version);
  }

  /** The instance restarted and serves what its local store held: a gauge update, not a swap. */
  void modelRestored(ModelRole role, long version) {
    (role == ModelRole.CHAMPION ? modelVersion : challengerVersion).set(version);
  }

  void challengerRetired() {
    challengerVersion.set(0);
  }

  /** One event scored in shadow: counted, and folded into the current challenger's statistics. */
  void shadow(Scorer.Shadow shadow) {
    (shadow.agreed() ? agreements : disagreements).increment();
    scoreDifferences.record(shadow.scoreDifference());
    shadowStats.add(shadow);
  }

  void modelRefused() {
    refused.increment();
  }

  void modelLoaded() {
    loads.increment();
  }

  /** Records skipped because they could not be deserialized, by source topic. */
  void deserializationError(String topic) {
    Counter.builder("osprey.scoring.deserialization.errors")
        .description("Input records skipped because they could not be deserialized")
        .tag("topic", topic == null ? "unknown" : topic)
        .register(registry)
        .increment();
  }

  /** The version this instance serves, 0 while the fallback rule scores. */
  public long modelVersion() {
    return modelVersion.get();
  }

  /** The challenger version this instance shadows, 0 when none. */
  public long challengerVersion() {
    return challengerVersion.get();
  }

  /**
   * Agreement statistics of one challenger version since this instance first saw it score; a new
   * version starts them again (the Prometheus counters keep the totals across versions).
   */
  private static final class ShadowStats {
    private long version = -1;
    private long scored;
    private long agreed;
    private double differenceSum;

    synchronized void add(Scorer.Shadow shadow) {
      if (shadow.challengerVersion() != version) {
        version = shadow.challengerVersion();
        scored = 0;
        agreed = 0;
        differenceSum = 0;
      }
      scored++;
      agreed += shadow.agreed() ? 1 : 0;
      differenceSum += shadow.scoreDifference();
    }

    synchronized double agreementRate() {
      return scored == 0 ? Double.NaN : (double) agreed / scored;
    }

    synchronized double meanDifference() {
      return scored == 0 ? Double.NaN : differenceSum / scored;
    }
  }

  /** A stream thread ended by an uncaught exception. */
  public void streamThreadDied() {
    streamThreadDeaths.increment();
  }

  public long streamThreadDeaths() {
    return (long) streamThreadDeaths.count();
  }
}
