package io.osprey.ingest;

import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.file.FileEndpoints;
import io.osprey.ingest.kafka.KafkaEndpoints;
import io.osprey.ingest.lake.Lake;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;

/**
 * Chooses the job's real endpoints from settings ({@link CommonSettings} for brokers and topic
 * prefix, {@link IngestSettings} for the rest): inputs from the topics or from files, outputs
 * always to the topics, plus the lake when {@link IngestSettings#LAKE_ROOT} names one. {@link
 * IngestJobMain} and the single-machine launcher call this; tests build {@link IngestJob} with
 * their own sources and sinks instead.
 */
public final class IngestWiring {
  private IngestWiring() {}

  /** Files when {@link IngestSettings#INPUT_TRANSACTIONS} is set, else the input topics. */
  public static IngestJob fromSettings(Settings settings) {
    boolean files = !settings.get(IngestSettings.INPUT_TRANSACTIONS).isBlank();
    return files ? files(settings) : kafka(settings);
  }

  /** The job on the input topics: streaming only, topics have no end. */
  public static IngestJob kafka(Settings settings) {
    if (settings.get(IngestSettings.MODE) == Mode.BATCH) {
      throw new IllegalArgumentException(
          IngestSettings.MODE.key()
              + "=batch needs bounded inputs: set "
              + IngestSettings.INPUT_TRANSACTIONS.key()
              + " and "
              + IngestSettings.INPUT_LABELS.key());
    }
    KafkaEndpoints kafka = KafkaEndpoints.from(settings);
    return job(settings, kafka.sources(), kafka);
  }

  /**
   * The job over files of JSON lines ({@link FileEndpoints}) instead of the input topics, writing
   * to the same outputs: a backfill, in {@code batch} mode (or streaming, which reads the files and
   * then stops).
   */
  public static IngestJob files(Settings settings) {
    return job(settings, FileEndpoints.from(settings).sources(), KafkaEndpoints.from(settings));
  }

  private static IngestJob job(Settings settings, IngestSources sources, KafkaEndpoints outputs) {
    return new IngestJob(
        sources, outputs.sinks().withLake(Lake.from(settings)), IngestConfig.from(settings));
  }
}
