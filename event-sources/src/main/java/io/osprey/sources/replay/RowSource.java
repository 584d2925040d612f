package io.osprey.sources.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * The rows of one file, in file order. A row that cannot be read is returned as {@link
 * SourceRow#unreadable} rather than thrown, so one bad line never ends the replay.
 */
public interface RowSource extends Iterator<SourceRow>, AutoCloseable {

  /** The number of data rows, when the format tells it without a pass over the file. */
  OptionalLong rowCount();

  @Override
  void close() throws IOException;

  /** Opens {@code file} as {@code format}. */
  static RowSource open(Path file, FileFormat format) {
    if (!Files.isRegularFile(file)) {
      throw new ReplayException("no such file: " + file);
    }
    try {
      switch (format) {
        case CSV:
          return new CsvRowSource(file);
        case JSON:
          return new JsonLinesRowSource(file);
        case PARQUET:
          return new ParquetRowSource(file);
        default:
          throw new IllegalArgumentException("unsupported format " + format);
      }
    } catch (IOException e) {
      throw new ReplayException("cannot read " + file + " as " + format + ": " + e.getMessage());
    }
  }
}
