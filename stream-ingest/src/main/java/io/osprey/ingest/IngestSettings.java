package io.osprey.ingest;

import io.osprey.platform.config.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Every key stream-ingest reads, with its default, in one place. Kafka endpoints and topic names
 * come from {@link io.osprey.platform.config.CommonSettings}. {@link IngestConfig#from} resolves
 * these into the typed, serializable values the job's functions carry.
 */
public final class IngestSettings {

  /**
   * How long a scored vector waits for its label before it becomes an implicit negative. 10 s suits
   * the demo (examples and a first model appear while you watch); real chargebacks need days, so
   * production sets this to e.g. {@code 30d} and runs the {@code rocksdb} backend.
   */
  public static final Setting<Duration> MATURITY_WINDOW =
      Setting.duration(
          "ingest.maturity.window",
          "How long a feature vector waits for its label before it is emitted as a negative (on the"
              + " ingest.maturity.clock).",
          Duration.ofSeconds(10));

  /**
   * Which clock the maturity window, the label horizons and {@code maturedTime} run on. {@code
   * processing} (wall-clock time from arrival) suits live traffic. {@code event} runs them on event
   * time: a window closes at the event's time plus the window, labels count by their {@code
   * labelTime} (which also drives the labels' watermarks, with the same out-of-orderness and
   * idleness as the events'), so a replay of history at any speed, and a batch backfill, label
   * examples exactly as live traffic would have been labelled. See LabelJoin.
   */
  public static final Setting<MaturityClock> MATURITY_CLOCK =
      Setting.choice(
          "ingest.maturity.clock",
          "Clock of the maturity window and label horizons: processing (wall clock from arrival)"
              + " or event (event time, watermarks; for replays and backfills).",
          MaturityClock.class,
          MaturityClock.PROCESSING);

  /**
   * Flink ships a network buffer when it is full or when this much time has passed. Flink's own
   * default (100 ms) would dominate end-to-end latency at demo rates; 0 flushes every record and
   * costs throughput. Every event crosses two network hops (the shuffles by entity and by event
   * id), and at demo rates a buffer is never full, so each hop waited for the timeout: the
   * benchmark's "feature → feature out" stage (the second hop alone) had a p50 of 4–6 ms at 5 ms
   * and 1 ms at 1 ms (bench module README, "Removed costs").
   */
  public static final Setting<Integer> BUFFER_TIMEOUT_MS =
      Setting.integer(
          "ingest.buffer.timeout.ms",
          "Longest time a record waits in a Flink network buffer before it is sent on.",
          1,
          0,
          10_000);

  /**
   * How long the Kafka sinks' producers wait to fill a batch before sending. Kafka 4 producers wait
   * 5 ms by default, which every vector paid on its way to the scorer at demo rates; 1 ms sends at
   * once and still batches under load (the scorer's producer does the same). Measured with {@code
   * ./osprey bench} (bench module README, "Removed costs").
   */
  public static final Setting<Integer> SINK_LINGER_MS =
      Setting.integer(
          "ingest.sink.linger.ms",
          "Longest time a Kafka sink's producer waits to fill a batch before sending (Kafka's"
              + " linger.ms).",
          1,
          0,
          10_000);

  /** Long enough to absorb producer retries and replays after a restart from a checkpoint. */
  public static final Setting<Duration> DEDUPE_HORIZON =
      Setting.duration(
          "ingest.dedupe.horizon",
          "How long an event id is remembered to drop duplicates of it.",
          Duration.ofHours(1));

  public static final Setting<Duration> ORPHAN_LABEL_HORIZON =
      Setting.duration(
          "ingest.label.orphan.horizon",
          "How long a label whose event has not been seen waits for it before it is dead-lettered.",
          Duration.ofMinutes(10));

  /**
   * How long after its example was emitted an event keeps its scored vector, so that a label
   * arriving later (weeks, for chargebacks) or a correction of the first label still yields a
   * corrected training example instead of a dead letter. Costs one vector of state per event for
   * this long: 1 h suits the embedded demo (heap state); production sets e.g. {@code 90d} with the
   * {@code rocksdb} backend.
   */
  public static final Setting<Duration> LABEL_CORRECTION_HORIZON =
      Setting.duration(
          "ingest.label.correction.horizon",
          "How long after its example is emitted a later or corrected label still produces a"
              + " corrected example (later labels are dead-lettered as orphans).",
          Duration.ofHours(1));

  /**
   * The bound of the event-time watermark: the watermark trails the largest event time seen by this
   * much. An event at or behind the watermark is late: it is scored with its entity's state as it
   * is, flagged {@code late=true} and counted, never dropped. Larger values flag fewer events late
   * and keep a little more state; they add no latency (vectors are computed on arrival).
   */
  public static final Setting<Duration> WATERMARK_OUT_OF_ORDERNESS =
      Setting.duration(
          "ingest.watermark.out.of.orderness",
          "How far behind the largest event time seen an event may be before it counts as late.",
          Duration.ofSeconds(5));

  /**
   * A parse subtask with no input for this long stops holding the watermark back (e.g. a Kafka
   * partition that no producer writes to).
   */
  public static final Setting<Duration> WATERMARK_IDLENESS =
      Setting.duration(
          "ingest.watermark.idleness",
          "Time without input after which a source split no longer holds back the watermark.",
          Duration.ofSeconds(10));

  /**
   * At-least-once is the default. Measured on the embedded broker (1,000 payments at 40/s, 10 s
   * checkpoints, to a read_committed reader): at-least-once p50 25–29 ms, p99 64–161 ms;
   * exactly-once p50 ~6 s, p99 ~10.2 s (1 s checkpoints: p50 606 ms, p99 1.2 s). Exactly-once
   * writes in Kafka transactions committed on checkpoints, so it adds about half a checkpoint
   * interval on average and a whole one at worst, which a real-time scorer cannot afford; and every
   * reader already absorbs at-least-once repeats by event id (predictions are keyed by event id,
   * the trainer and lake readers keep one record per event id). Rerun: the module README,
   * "Delivery".
   */
  public static final Setting<Delivery> DELIVERY_GUARANTEE =
      Setting.choice(
          "ingest.delivery.guarantee",
          "Kafka sinks: at-least-once (low latency, repeats after a restart) or exactly-once"
              + " (transactions committed on checkpoints; readers must use read_committed).",
          Delivery.class,
          Delivery.AT_LEAST_ONCE);

  /**
   * Root of the Parquet lake (see {@link io.osprey.ingest.lake.Lake} for the layout). Empty turns
   * the lake off, which suits the embedded demo; a cluster sets e.g. {@code s3://bucket/osprey}.
   */
  public static final Setting<String> LAKE_ROOT =
      Setting.text(
          "ingest.lake.root",
          "Directory or URI under which features and training examples are written as Parquet,"
              + " partitioned by event date; empty: no lake.",
          "");

  /**
   * {@code batch} runs the same pipeline over bounded inputs (backfills): Flink sorts each keyed
   * input by key and event time, fires timers at the end of each key, and takes no checkpoints.
   */
  public static final Setting<Mode> MODE =
      Setting.choice(
          "ingest.mode",
          "Flink runtime mode: streaming (Kafka or files) or batch (bounded file inputs only).",
          Mode.class,
          Mode.STREAMING);

  public static final Setting<String> INPUT_TRANSACTIONS =
      Setting.text(
          "ingest.input.transactions",
          "A file or directory of JSON lines read instead of the transactions topic (with"
              + " ingest.input.labels); empty: read Kafka.",
          "");

  public static final Setting<String> INPUT_LABELS =
      Setting.text(
          "ingest.input.labels",
          "A file or directory of JSON lines read instead of the labels topic.",
          "");

  /**
   * The earliest plausible timestamp (event time fields and label times); earlier ones are
   * dead-lettered. 2000-01-01 catches producers that write seconds instead of milliseconds (a time
   * in seconds reads as January 1970); a replay of older history sets an earlier date (e.g. {@code
   * 1900-01-01}). See {@link io.osprey.ingest.parse.TimeBounds}.
   */
  public static final Setting<Instant> TIME_EARLIEST =
      Setting.instant(
          "ingest.time.earliest",
          "Timestamps (event times, label times) before this UTC date or instant are"
              + " dead-lettered; the default catches times in seconds instead of milliseconds.",
          Instant.parse("2000-01-01T00:00:00Z"));

  /** Clock skew allowed between a producer and the job: later timestamps are dead-lettered. */
  public static final Setting<Duration> TIME_MAX_FUTURE =
      Setting.duration(
          "ingest.time.max.future",
          "Timestamps (event times, label times) more than this after the job's clock are"
              + " dead-lettered.",
          Duration.ofDays(1));

  public static final Setting<Integer> MAX_RECORD_BYTES =
      Setting.integer(
          "ingest.max.record.bytes",
          "Larger input records are dead-lettered (first bytes kept, truncated=true).",
          64 * 1024,
          256,
          16 * 1024 * 1024);

  /**
   * Keys are entity ids (producers key by entity): short text. A larger key is dead-lettered with
   * reason {@code key_too_large}, keeping this many of its bytes, so that a hostile key can never
   * make the dead letter (which carries the key twice: as its Kafka key and in its {@code key}
   * field) too large to write.
   */
  public static final Setting<Integer> MAX_KEY_BYTES =
      Setting.integer(
          "ingest.max.key.bytes",
          "Input records with a larger Kafka key are dead-lettered (key_too_large); a dead letter"
              + " carries at most this many bytes of any key.",
          1024,
          16,
          64 * 1024);

  /**
   * Together with {@link #MAX_KEY_BYTES} this bounds every dead letter to well under the broker's
   * default maximum message size (1 MiB), whatever the input and whatever {@link #MAX_RECORD_BYTES}
   * says: the value is cut to this many bytes, {@code truncated=true}, and the dead letter records
   * the original sizes ({@code keyBytes}, {@code valueBytes}).
   */
  public static final Setting<Integer> DEAD_LETTER_MAX_VALUE_BYTES =
      Setting.integer(
          "ingest.dead.letter.max.value.bytes",
          "A dead letter carries at most this many bytes of the rejected record's value (the rest"
              + " is cut, truncated=true, the original size kept in valueBytes).",
          64 * 1024,
          256,
          512 * 1024);

  /**
   * The last guard before every Kafka sink. The Flink Kafka sink fails the whole task on any failed
   * send (it has no per-record error handler), so one record the broker refuses as too large would
   * restart the job forever. A record whose key and value exceed this is therefore not sent: it is
   * replaced by an alert on {@code monitoring} naming it and counted ({@code recordsTooLarge} of
   * the sink). Keep it below the producer's {@code max.request.size} and the topics' {@code
   * max.message.bytes} (both about 1 MiB by default), with room for the batch overhead.
   */
  public static final Setting<Integer> SINK_MAX_RECORD_BYTES =
      Setting.integer(
          "ingest.sink.max.record.bytes",
          "Largest key plus value a Kafka sink sends; a larger output record is replaced by an"
              + " alert on the monitoring topic (below max.request.size and max.message.bytes).",
          1_000_000,
          64 * 1024,
          64 * 1024 * 1024);

  public static final Setting<Duration> CHECKPOINT_INTERVAL =
      Setting.duration(
          "ingest.checkpoint.interval",
          "Interval between Flink checkpoints; offsets are committed to Kafka on each.",
          Duration.ofSeconds(10));

  /**
   * Where a job started without a savepoint or checkpoint resumes: the group's offsets, committed
   * after each completed checkpoint. The Kafka connector makes that commit only when its current
   * poll returns, at once while records flow but up to 10 s later (its fixed poll timeout) on a
   * caught-up partition, and drops the commits still waiting when the job stops. So the group's
   * offsets may lag the last completed checkpoint by that much, and a fresh job reads that stretch
   * again (at least once). Only a savepoint resumes exactly; see the README, "Consumer group
   * offsets".
   */
  public static final Setting<String> CONSUMER_GROUP =
      Setting.text(
          "ingest.consumer.group.id",
          "Kafka consumer group of the job. Its committed offsets are where a job started without"
              + " a savepoint resumes; they reach Kafka after a completed checkpoint, up to 10 s"
              + " later on an idle partition, and not at all if the job stops first, so such a"
              + " job may read the last seconds again.",
          "osprey-ingest");

  /**
   * {@code hashmap} when embedded next to Kafka Streams in one JVM (Flink's frocksdbjni and Kafka
   * Streams' rocksdbjni both ship {@code org.rocksdb} and clash); {@code rocksdb} on a cluster,
   * where state outgrows the heap.
   */
  public static final Setting<StateBackend> STATE_BACKEND =
      Setting.choice(
          "ingest.state.backend",
          "Flink state backend: hashmap (heap) or rocksdb (cluster).",
          StateBackend.class,
          StateBackend.HASHMAP);

  public static final Setting<RestartStrategy> RESTART_STRATEGY =
      Setting.choice(
          "ingest.restart.strategy",
          "What Flink does when a task fails: none, fixed-delay or exponential-delay.",
          RestartStrategy.class,
          RestartStrategy.EXPONENTIAL_DELAY);

  private IngestSettings() {}

  /** Flink state backends this job supports. */
  public enum StateBackend {
    HASHMAP,
    ROCKSDB;

    /** The value of Flink's {@code state.backend.type}. */
    public String flinkName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The clock label maturity runs on ({@link #MATURITY_CLOCK}). */
  public enum MaturityClock {
    PROCESSING,
    EVENT
  }

  /** Flink runtime modes. */
  public enum Mode {
    STREAMING,
    BATCH
  }

  /** Delivery guarantees of the job's Kafka sinks. */
  public enum Delivery {
    AT_LEAST_ONCE,
    EXACTLY_ONCE
  }

  /** Flink restart strategies this job supports. */
  public enum RestartStrategy {
    NONE,
    FIXED_DELAY,
    EXPONENTIAL_DELAY;

    /** The value of Flink's {@code restart-strategy.type}. */
    public String flinkName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
