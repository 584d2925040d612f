package io.osprey.ingest;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.IngestSettings.RestartStrategy;
import io.osprey.ingest.IngestSettings.StateBackend;
import io.osprey.platform.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * The job's resolved configuration: immutable and serializable, so functions can carry the parts
 * they need into the cluster. Build it with {@link #from(Settings)}; defaults live in {@link
 * IngestSettings}.
 */
public record IngestConfig(
    Duration maturityWindow,
    Duration dedupeHorizon,
    Duration orphanLabelHorizon,
    Duration labelCorrectionHorizon,
    Duration outOfOrderness,
    Duration watermarkIdleness,
    Delivery delivery,
    Mode mode,
    int maxRecordBytes,
    Duration checkpointInterval,
    StateBackend stateBackend,
    RestartStrategy restartStrategy,
    int bufferTimeoutMs)
    implements Serializable {

  public static IngestConfig from(Settings settings) {
    return new IngestConfig(
        settings.get(IngestSettings.MATURITY_WINDOW),
        settings.get(IngestSettings.DEDUPE_HORIZON),
        settings.get(IngestSettings.ORPHAN_LABEL_HORIZON),
        settings.get(IngestSettings.LABEL_CORRECTION_HORIZON),
        settings.get(IngestSettings.WATERMARK_OUT_OF_ORDERNESS),
        settings.get(IngestSettings.WATERMARK_IDLENESS),
        settings.get(IngestSettings.DELIVERY_GUARANTEE),
        settings.get(IngestSettings.MODE),
        settings.get(IngestSettings.MAX_RECORD_BYTES),
        settings.get(IngestSettings.CHECKPOINT_INTERVAL),
        settings.get(IngestSettings.STATE_BACKEND),
        settings.get(IngestSettings.RESTART_STRATEGY),
        settings.get(IngestSettings.BUFFER_TIMEOUT_MS));
  }

  /** All defaults. */
  public static IngestConfig defaults() {
    return from(Settings.empty());
  }
}
