package io.osprey.ingest.lake;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.platform.config.Settings;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The lake: feature vectors and training examples as Parquet files under one root (any Flink file
 * system: a local path, {@code file:///…}, {@code s3://…} with the plugin), partitioned by the UTC
 * date of the <em>event</em>:
 *
 * <pre>
 * {root}/features/date=2026-01-31/part-{uuid}-{n}.parquet           columns of FeatureVector
 * {root}/training-examples/date=2026-01-31/part-{uuid}-{n}.parquet  columns of TrainingExample
 * </pre>
 *
 * <p>Files are written by Flink's FileSink and committed (renamed from a hidden in-progress file)
 * only when a checkpoint completes, so a reader never sees a partial file and a restart from a
 * checkpoint neither loses nor repeats a committed file. Each checkpoint rolls every open file, so
 * a partition holds about one file per subtask per checkpoint interval. Records replayed after a
 * failure (at-least-once checkpoints) can appear in two files: a reader keeps one row per event id
 * (for training examples, the one with the latest {@code maturedTime}, see LabelJoin). Hive-style
 * {@code date=} directories let DuckDB ({@code read_parquet('…/*\/*.parquet',
 * hive_partitioning=true)}), Spark and pandas prune by date.
 */
public final class Lake {
  private Lake() {}

  /**
   * The lake under {@link IngestSettings#LAKE_ROOT}, or {@link LakeSinks#none()} when it is blank.
   */
  public static LakeSinks from(Settings settings) {
    String root = settings.get(IngestSettings.LAKE_ROOT).trim();
    return root.isEmpty() ? LakeSinks.none() : sinks(root);
  }

  /** Features and training examples as Parquet files under {@code root}. */
  public static LakeSinks sinks(String root) {
    return LakeSinks.of(features(root), trainingExamples(root));
  }

  public static FileSink<FeatureRow> features(String root) {
    return sink(
        new Path(root, "features"),
        new ParquetBulkWriter<>(FeatureVector.class, FeatureRow::toAvro),
        row -> row.eventTime);
  }

  public static FileSink<Example> trainingExamples(String root) {
    return sink(
        new Path(root, "training-examples"),
        new ParquetBulkWriter<>(TrainingExample.class, Example::toAvro),
        example -> example.features.eventTime);
  }

  private static <T> FileSink<T> sink(
      Path base, ParquetBulkWriter<T, ?> writer, SerializableFunction<T, Long> eventTime) {
    return FileSink.forBulkFormat(base, writer)
        .withBucketAssigner(new EventDate<>(eventTime))
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
        .build();
  }

  /** The partition of an element: {@code date=YYYY-MM-DD} of its event time in UTC. */
  static final class EventDate<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private final SerializableFunction<T, Long> eventTime;

    EventDate(SerializableFunction<T, Long> eventTime) {
      this.eventTime = eventTime;
    }

    @Override
    public String getBucketId(T element, Context context) {
      return partition(eventTime.apply(element));
    }

    static String partition(long eventTimeMillis) {
      return "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(eventTimeMillis), ZoneOffset.UTC);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }
}
