package io.osprey.scoring;

import io.osprey.platform.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Every key the scorer reads, with its default, in one place. Kafka endpoints and topic names come
 * from {@link io.osprey.platform.config.CommonSettings}; model trust from {@link
 * io.osprey.model.signing.ModelSigningSettings}. {@link ScoringConfig#from} resolves these into the
 * typed values the scorer's classes take.
 */
public final class ScoringSettings {

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
   * At-least-once by default, with predictions keyed by event id so that the rare duplicate after a
   * crash replaces the first prediction for a key-aware consumer. Exactly-once is one setting away;
   * its cost is measured here (embedded broker, 2 cores), and it is throughput more than latency.
   * Per record end to end (produce a vector, await its prediction, read_committed): at-least-once
   * p50 6 ms / p99 23 ms; exactly-once p50 16 ms / p99 27 ms at a 10 ms commit interval, 27 / 39 ms
   * at 20 ms, 109 / 201 ms at 100 ms. But every commit flushes the producer and waits for the
   * acknowledgements and the transaction markers, so a 10 ms commit interval caps one stream thread
   * at roughly 60-200 predictions/s on this machine under load (the demo at 1,000 events/s fell
   * behind), while at-least-once with a 100 ms interval keeps up. Exactly-once belongs with a
   * commit interval of 100 ms or more and more stream threads or instances.
   */
  public static final Setting<Guarantee> PROCESSING_GUARANTEE =
      Setting.choice(
          "scoring.processing.guarantee",
          "at_least_once (default; after a hard crash a re-scored event can, rarely, get a second"
              + " decision), or exactly_once_v2 (no duplicate and no second decision after a crash;"
              + " predictions wait for their transaction's commit).",
          Guarantee.class,
          Guarantee.AT_LEAST_ONCE);

  /**
   * How often offsets (and, under exactly-once, transactions) are committed. Every commit flushes
   * the stream thread's producer and commits the consumer's offsets synchronously, and the thread
   * processes nothing while it waits for both, so under at-least-once a short interval costs
   * latency as well as throughput: on the shared 2-core machine a JFR recording of {@code ./osprey
   * bench} showed the scorer's threads parked in {@code KafkaProducer.flush} 16-24 s of a run at a
   * 100 ms interval, ten times the pass-through's. Under at-least-once the interval buys nothing
   * but a shorter stretch scored again after a crash, and a re-scored event gets its first decision
   * back ({@link #EMITTED_DECISIONS}), so the default there is 1 s. Under exactly-once a prediction
   * is visible only after its commit: the interval is the latency floor, so the default there stays
   * 100 ms. 0s (the default) picks by {@link #PROCESSING_GUARANTEE}; any other value is used as
   * given.
   */
  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.durationOrOff(
          "scoring.commit.interval",
          "Commit interval (each commit flushes the producer and waits). 0s: by guarantee, 1s under"
              + " at_least_once, 100ms under exactly_once_v2 (the latency predictions wait for).",
          Duration.ZERO);

  /**
   * Two by default, one per core of the machine the scorer was measured on: with the broker and the
   * load driver on the same 2 cores, a second thread took p99 at 25,000 events/s from 173 ms to
   * 33–41 ms (one run with one thread, two with two; Avro predictions, local last-prediction store)
   * and kept the flat-out rate (67,581/s against 66,856/s). Tasks are the {@code features}
   * partitions (4 by default), so more threads than partitions sit idle.
   */
  public static final Setting<Integer> STREAM_THREADS =
      Setting.integer("scoring.stream.threads", "Stream threads per instance.", 2, 1, 64);

  /**
   * Empty (the default): the hash of {@code features.spec}, the spec ingest computes. Set it only
   * to serve a spec other than the one this process is configured with.
   */
  public static final Setting<String> SPEC_HASH =
      Setting.text(
          "scoring.spec.hash",
          "Feature spec hash served; envelopes for another spec are refused. Empty: the hash of"
              + " features.spec.",
          "");

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

  public static final Setting<Integer> RETAINED_VERSIONS =
      Setting.integer(
          "scoring.models.retained",
          "Accepted versions per model kept in the store and compiled per task, for instant"
              + " rollback.",
          5,
          1,
          100);

  /**
   * One by default: with a single instance Kafka Streams has nowhere to place a standby and simply
   * runs without; with two or more, a failed instance's tasks resume on a warm copy of their local
   * state instead of replaying its changelog.
   */
  public static final Setting<Integer> STANDBY_REPLICAS =
      Setting.integer(
          "scoring.standby.replicas",
          "Standby replicas of each task's local state (effective with more than one instance).",
          1,
          0,
          8);

  public static final Setting<String> HTTP_HOST =
      Setting.text(
          "scoring.http.host",
          "Host name of this instance's HTTP endpoint, as other instances and clients reach it.",
          "localhost");

  public static final Setting<Integer> HTTP_PORT =
      Setting.integer(
          "scoring.http.port",
          "Port of the HTTP endpoint (GET /models, /predictions/{entityId}); 0 any, -1 none.",
          9404,
          -1,
          65535);

  /**
   * Replicated by default: the store has a changelog, so standbys keep warm copies and the answer
   * survives the loss of an instance. The changelog is a second record produced per prediction, and
   * it costs: on the scoring benchmark (2 cores, JSON predictions, one stream thread) the default
   * network's flat-out rate went from 35,000/s replicated to 63,000/s local (RocksDB, no changelog)
   * and 70,000/s off. Local suits a scorer whose endpoint is a convenience: after a failover or a
   * lost disk, an entity shows no last prediction until its next event (the {@code predictions}
   * topic and the lake keep every prediction either way).
   */
  public static final Setting<LastPredictions> LAST_PREDICTIONS =
      Setting.choice(
          "scoring.last.predictions",
          "Each entity's last prediction for GET /predictions/{entityId}: replicated (default;"
              + " RocksDB with a changelog), local (RocksDB only; lost on failover) or off.",
          LastPredictions.class,
          LastPredictions.REPLICATED);

  /**
   * The decision emitted per event id is remembered, so that the event scored again (ingest replays
   * from its last checkpoint after a crash) gets that decision back, not a newer model's (see
   * {@link EmittedDecisions}). Replicated by default: without a changelog the memory is lost when
   * the scorer's disk is, or when its task moves to another instance. Local and off trade that
   * consistency for throughput (see scoring-topology/README.md).
   */
  public static final Setting<EmittedDecisionsMode> EMITTED_DECISIONS =
      Setting.choice(
          "scoring.decisions",
          "Remember the decision emitted per event id and re-emit it for a re-scored event:"
              + " replicated (default; RocksDB with a changelog), local (RocksDB only; forgotten on"
              + " failover) or off (a re-scored event gets the served model's decision).",
          EmittedDecisionsMode.class,
          EmittedDecisionsMode.REPLICATED);

  /**
   * An hour covers any checkpoint-to-crash span by far (ingest checkpoints every few seconds); the
   * store holds about retention × rate predictions.
   */
  public static final Setting<Duration> DECISION_RETENTION =
      Setting.duration(
          "scoring.decisions.retention",
          "How long the decision emitted per event id is remembered (scoring.decisions).",
          Duration.ofHours(1));

  /**
   * A day of event time: far beyond what the trainer's event-time trigger lets a model age when
   * publication and promotion work, so an alert means one of them stopped.
   */
  public static final Setting<Duration> MODEL_MAX_AGE =
      Setting.durationOrOff(
          "scoring.model.max.age",
          "Raise a WARN alert on monitoring (scoring.model.age) when the served champion is older"
              + " than this in event time: the newest scored event minus the end of its training"
              + " window (0s: never).",
          Duration.ofDays(1));

  private ScoringSettings() {}

  /** Kafka Streams processing guarantees this scorer supports. */
  public enum Guarantee {
    AT_LEAST_ONCE(Duration.ofSeconds(1)),
    EXACTLY_ONCE_V2(Duration.ofMillis(100));

    private final Duration defaultCommitInterval;

    Guarantee(Duration defaultCommitInterval) {
      this.defaultCommitInterval = defaultCommitInterval;
    }

    /** The commit interval when {@link #COMMIT_INTERVAL} is left at 0s. */
    public Duration defaultCommitInterval() {
      return defaultCommitInterval;
    }

    /** The value of {@code processing.guarantee}. */
    public String streamsName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How each entity's last prediction is kept; see {@link #LAST_PREDICTIONS}. */
  public enum LastPredictions {
    REPLICATED,
    LOCAL,
    OFF
  }

  /** How the decision emitted per event id is kept; see {@link #EMITTED_DECISIONS}. */
  public enum EmittedDecisionsMode {
    REPLICATED,
    LOCAL,
    OFF
  }
}
