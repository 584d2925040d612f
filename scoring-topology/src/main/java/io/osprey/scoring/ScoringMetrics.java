package io.osprey.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
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
    MODEL_ERROR
  }

  private static final String MODEL_VERSION = "osprey.scoring.model.version";

  private final MeterRegistry registry;
  private final Map<String, Counter> predictions;
  private final Map<FallbackReason, Counter> fallbacks = new EnumMap<>(FallbackReason.class);
  private final Timer latency;
  private final Counter swaps;
  private final Counter refused;
  private final Counter loads;
  private final AtomicLong modelVersion = new AtomicLong();

  public ScoringMetrics(MeterRegistry registry) {
    this.registry = registry;
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
    this.refused =
        Counter.builder("osprey.scoring.model.refused")
            .description("Envelopes refused (checksum, load or spec hash)")
            .register(registry);
    this.loads =
        Counter.builder("osprey.scoring.model.loads")
            .description("Per-task model instances loaded from the store")
            .register(registry);
    // A service restarted on the same registry must not leave the gauge reading the old instance.
    registry.find(MODEL_VERSION).gauges().forEach(registry::remove);
    Gauge.builder(MODEL_VERSION, modelVersion, AtomicLong::get)
        .strongReference(true)
        .description("Version of the model this instance serves (0: fallback rule)")
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

  void fallback(FallbackReason reason) {
    fallbacks.get(reason).increment();
  }

  void modelAccepted(long version) {
    swaps.increment();
    modelVersion.set(version);
  }

  /** The instance restarted and serves what its local store held: a gauge update, not a swap. */
  void modelRestored(long version) {
    modelVersion.set(version);
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
}
