package io.osprey.ingest.file;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSources;
import io.osprey.ingest.model.RawRecord;
import io.osprey.platform.config.Settings;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * The job's inputs as files of JSON lines instead of the input topics: a backfill, bounded. Each
 * file (or every file of a directory) is read line by line ({@link LineRecords}); dead letters name
 * {@code file:<path>} as their source.
 */
public final class FileEndpoints {
  private final String transactions;
  private final String labels;

  public FileEndpoints(String transactions, String labels) {
    this.transactions = transactions;
    this.labels = labels;
  }

  /**
   * The files named by {@link IngestSettings#INPUT_TRANSACTIONS} and {@link
   * IngestSettings#INPUT_LABELS}.
   */
  public static FileEndpoints from(Settings settings) {
    String transactions = settings.get(IngestSettings.INPUT_TRANSACTIONS).trim();
    String labels = settings.get(IngestSettings.INPUT_LABELS).trim();
    if (transactions.isEmpty() || labels.isEmpty()) {
      throw new IllegalArgumentException(
          IngestSettings.INPUT_TRANSACTIONS.key()
              + " and "
              + IngestSettings.INPUT_LABELS.key()
              + " must both name a file or directory");
    }
    return new FileEndpoints(transactions, labels);
  }

  public IngestSources sources() {
    return new IngestSources(
        lines(transactions, "file:" + transactions), lines(labels, "file:" + labels));
  }

  /**
   * A bounded source of the lines of a file or of every file in a directory; {@code topic} is what
   * dead letters name as their source.
   */
  public static FileSource<RawRecord> lines(String path, String topic) {
    return FileSource.forRecordStreamFormat(new LineRecords(topic), new Path(path)).build();
  }
}
