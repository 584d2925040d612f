package io.osprey.trainer.bootstrap;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.trainer.intake.LabelledExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads the training examples the ingest job wrote to the lake, {@code
 * {root}/training-examples/date=YYYY-MM-DD/part-*.parquet} with the columns of {@code
 * TrainingExample}, into one list in event-time order.
 *
 * <ul>
 *   <li>One row per event id: an at-least-once replay can write an example twice, and a label that
 *       changed the verdict after maturity writes a correction. The row with the latest {@code
 *       maturedTime} wins (on a tie, the first read: the rows are replays of each other).
 *   <li>Rows of another feature spec, or with a non-finite value, are counted and left out.
 *   <li>Hidden files ({@code .part-…inprogress…}, written by Flink until a checkpoint commits them)
 *       and non-Parquet files are ignored: they are not part of the lake yet.
 * </ul>
 *
 * Files are read from the local file system (Parquet's {@code LocalInputFile}: no HDFS paths or
 * Hadoop file system). Everything is held in memory: about 200 bytes per example with the default
 * eight features, so a million examples take some 200 MB of heap.
 */
public final class LakeExamples {
  public static final String TRAINING_EXAMPLES = "training-examples";

  private LakeExamples() {}

  /**
   * What was read and what was left out.
   *
   * @param examples one per event id, in event-time order
   * @param directory the {@code training-examples} directory that was read
   * @param rows rows in the files, before anything was left out
   * @param duplicates rows replaced by a later (or equal) {@code maturedTime} of the same event
   * @param otherSpec rows of another feature spec (or another number of values)
   * @param nonFinite examples left out for a NaN or infinite value
   */
  public record Read(
      List<LabelledExample> examples,
      Path directory,
      int files,
      long rows,
      long duplicates,
      long otherSpec,
      long nonFinite) {}

  /**
   * Reads the lake under {@code lake}: the lake root, or its {@code training-examples} directory
   * itself.
   *
   * @throws IOException if a file cannot be read, or the directory does not exist
   */
  public static Read read(Path lake, FeatureLayout layout) throws IOException {
    Path directory =
        Files.isDirectory(lake.resolve(TRAINING_EXAMPLES)) ? lake.resolve(TRAINING_EXAMPLES) : lake;
    if (!Files.isDirectory(directory)) {
      throw new IOException("no lake at " + lake + ": not a directory");
    }
    List<Path> files = parquetFiles(directory);
    String specHash = layout.specHash();
    Map<String, Latest> byEventId = new HashMap<>();
    long rows = 0;
    long duplicates = 0;
    long otherSpec = 0;
    for (Path file : files) {
      try (ParquetReader<TrainingExample> reader = open(file)) {
        for (TrainingExample row = reader.read(); row != null; row = reader.read()) {
          rows++;
          FeatureVector vector = row.getFeatures();
          if (!specHash.equals(vector.getSpecHash())
              || vector.getValues().size() != layout.size()) {
            otherSpec++;
            continue;
          }
          Latest candidate = new Latest(row.getMaturedTime(), LabelledExample.of(row));
          Latest previous = byEventId.putIfAbsent(vector.getEventId(), candidate);
          if (previous != null) {
            duplicates++;
            if (candidate.maturedTime() > previous.maturedTime()) {
              byEventId.put(vector.getEventId(), candidate);
            }
          }
        }
      }
    }
    List<LabelledExample> examples = new ArrayList<>(byEventId.size());
    long nonFinite = 0;
    for (Latest latest : byEventId.values()) {
      if (latest.example().finite()) {
        examples.add(latest.example());
      } else {
        nonFinite++;
      }
    }
    examples.sort(LabelledExample.BY_EVENT_TIME);
    return new Read(examples, directory, files.size(), rows, duplicates, otherSpec, nonFinite);
  }

  private record Latest(long maturedTime, LabelledExample example) {}

  /** Committed Parquet files in the date partitions (or directly in {@code directory}), sorted. */
  static List<Path> parquetFiles(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory, 2)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(path -> path.getFileName().toString().endsWith(".parquet"))
          .filter(path -> !hidden(path.getFileName().toString()))
          .filter(
              path ->
                  path.getParent().equals(directory)
                      || path.getParent().getFileName().toString().startsWith("date="))
          .sorted()
          .toList();
    }
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static ParquetReader<TrainingExample> open(Path file) throws IOException {
    return AvroParquetReader.<TrainingExample>builder(
            new LocalInputFile(file), new PlainParquetConfiguration())
        .withDataModel(SpecificData.getForClass(TrainingExample.class))
        .build();
  }
}
