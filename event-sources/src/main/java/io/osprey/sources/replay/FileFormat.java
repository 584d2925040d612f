package io.osprey.sources.replay;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats the replay reads. */
public enum FileFormat {
  /** Comma-separated values with a header row. */
  CSV,
  /** One JSON object per line (JSON Lines, NDJSON). */
  JSON,
  /** Apache Parquet, read through parquet-avro. */
  PARQUET;

  /**
   * The format a file name implies: {@code .csv}, {@code .json}/{@code .jsonl}/{@code .ndjson},
   * {@code .parquet}.
   */
  public static FileFormat ofFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSON;
    }
    if (name.endsWith(".parquet")) {
      return PARQUET;
    }
    throw new IllegalArgumentException(
        "cannot tell the format of "
            + file.getFileName()
            + " from its extension; say --format csv|json|parquet");
  }
}
