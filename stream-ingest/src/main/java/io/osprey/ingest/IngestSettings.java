package io.osprey.ingest;

import io.osprey.platform.config.Setting;
import java.time.Duration;
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
          "Processing time a feature vector waits for its label before it is emitted as a negative.",
          Duration.ofSeconds(10));

  /**
   * Flink ships a network buffer when it is full or when this much time has passed. Flink's own
   * default (100 ms) would dominate end-to-end latency at demo rates; 0 flushes every record and
   * costs throughput. A few milliseconds keeps both.
   */
  public static final Setting<Integer> BUFFER_TIMEOUT_MS =
      Setting.integer(
          "ingest.buffer.timeout.ms",
          "Longest time a record waits in a Flink network buffer before it is sent on.",
          5,
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

  public static final Setting<Integer> MAX_RECORD_BYTES =
      Setting.integer(
          "ingest.max.record.bytes",
          "Larger input records are dead-lettered (first bytes kept, truncated=true).",
          64 * 1024,
          256,
          16 * 1024 * 1024);

  public static final Setting<Duration> CHECKPOINT_INTERVAL =
      Setting.duration(
          "ingest.checkpoint.interval",
          "Interval between Flink checkpoints; offsets are committed to Kafka on each.",
          Duration.ofSeconds(10));

  public static final Setting<String> CONSUMER_GROUP =
      Setting.text(
          "ingest.consumer.group.id",
          "Kafka consumer group of the job (committed offsets are where a fresh job starts).",
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
