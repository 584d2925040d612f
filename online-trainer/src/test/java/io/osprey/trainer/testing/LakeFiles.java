package io.osprey.trainer.testing;

import io.osprey.schema.TrainingExample;
import io.osprey.trainer.bootstrap.LakeExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes training examples into a lake the way the ingest job lays it out: {@code
 * {root}/training-examples/date=YYYY-MM-DD/part-….parquet}, partitioned by the UTC date of the
 * event, Snappy-compressed Parquet with the columns of {@code TrainingExample}.
 */
public final class LakeFiles {
  private LakeFiles() {}

  /**
   * Writes {@code examples} into date partitions under {@code root}, at most {@code perFile} rows
   * per file; {@code tag} keeps file names of separate calls apart.
   */
  public static void write(Path root, List<TrainingExample> examples, int perFile, String tag)
      throws IOException {
    Map<String, List<TrainingExample>> byDate = new TreeMap<>();
    for (TrainingExample example : examples) {
      byDate
          .computeIfAbsent(
              date(example.getFeatures().getEventTime()), d -> new java.util.ArrayList<>())
          .add(example);
    }
    for (Map.Entry<String, List<TrainingExample>> partition : byDate.entrySet()) {
      Path directory = root.resolve(LakeExamples.TRAINING_EXAMPLES).resolve(partition.getKey());
      Files.createDirectories(directory);
      List<TrainingExample> rows = partition.getValue();
      for (int start = 0, n = 0; start < rows.size(); start += perFile, n++) {
        writeFile(
            directory.resolve("part-" + tag + "-" + n + ".parquet"),
            rows.subList(start, Math.min(rows.size(), start + perFile)));
      }
    }
  }

  /** One Parquet file of {@code rows}. */
  public static void writeFile(Path file, List<TrainingExample> rows) throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set("parquet.avro.write-old-list-structure", "false");
    SpecificData model = SpecificData.getForClass(TrainingExample.class);
    try (ParquetWriter<TrainingExample> writer =
        AvroParquetWriter.<TrainingExample>builder(new LocalOutputFile(file))
            .withConf(conf)
            .withSchema(TrainingExample.getClassSchema())
            .withDataModel(model)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .build()) {
      for (TrainingExample row : rows) {
        writer.write(row);
      }
    }
  }

  public static String date(long eventTime) {
    return "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(eventTime), ZoneOffset.UTC);
  }
}
