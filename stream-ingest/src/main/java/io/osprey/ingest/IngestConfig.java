package io.osprey.ingest;

import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestSettings.MaturityClock;
import io.osprey.ingest.IngestSettings.Mode;
import io.osprey.ingest.IngestSettings.RestartStrategy;
import io.osprey.ingest.IngestSettings.StateBackend;
import io.osprey.ingest.parse.DeadLetterCap;
import io.osprey.ingest.parse.TimeBounds;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import java.io.Serializable;
import java.time.Duration;

/**
 * The job's resolved configuration: immutable and serializable, so functions can carry the parts
 * they need into the cluster. Build it with {@link #from(Settings)}; defaults live in {@link
 * IngestSettings}.
 *
 * @param spec the parsed feature spec ({@link CommonSettings#FEATURE_SPEC}): read and checked where
 *     the job is built, so a wrong spec fails before anything runs, and shipped parsed to the
 *     operators, so task managers never read the file
 * @param timeBounds the plausible range of every timestamp ({@link IngestSettings#TIME_EARLIEST},
 *     {@link IngestSettings#TIME_MAX_FUTURE})
 */
public record IngestConfig(
    FeatureSpec spec,
    Duration maturityWindow,
    MaturityClock maturityClock,
    Duration dedupeHorizon,
    Duration orphanLabelHorizon,
    Duration labelCorrectionHorizon,
    Duration outOfOrderness,
    Duration watermarkIdleness,
    Delivery delivery,
    Mode mode,
    int maxRecordBytes,
    int maxKeyBytes,
    int deadLetterMaxValueBytes,
    int sinkMaxRecordBytes,
    Duration checkpointInterval,
    StateBackend stateBackend,
    RestartStrategy restartStrategy,
    int bufferTimeoutMs,
    TimeBounds timeBounds)
    implements Serializable {

  /**
   * @throws io.osprey.schema.features.SpecException when the feature spec is missing or wrong
   */
  public static IngestConfig from(Settings settings) {
    return new IngestConfig(
        FeatureSpecs.load(settings.get(CommonSettings.FEATURE_SPEC)),
        settings.get(IngestSettings.MATURITY_WINDOW),
        settings.get(IngestSettings.MATURITY_CLOCK),
        settings.get(IngestSettings.DEDUPE_HORIZON),
        settings.get(IngestSettings.ORPHAN_LABEL_HORIZON),
        settings.get(IngestSettings.LABEL_CORRECTION_HORIZON),
        settings.get(IngestSettings.WATERMARK_OUT_OF_ORDERNESS),
        settings.get(IngestSettings.WATERMARK_IDLENESS),
        settings.get(IngestSettings.DELIVERY_GUARANTEE),
        settings.get(IngestSettings.MODE),
        settings.get(IngestSettings.MAX_RECORD_BYTES),
        settings.get(IngestSettings.MAX_KEY_BYTES),
        settings.get(IngestSettings.DEAD_LETTER_MAX_VALUE_BYTES),
        settings.get(IngestSettings.SINK_MAX_RECORD_BYTES),
        settings.get(IngestSettings.CHECKPOINT_INTERVAL),
        settings.get(IngestSettings.STATE_BACKEND),
        settings.get(IngestSettings.RESTART_STRATEGY),
        settings.get(IngestSettings.BUFFER_TIMEOUT_MS),
        TimeBounds.of(
            settings.get(IngestSettings.TIME_EARLIEST),
            settings.get(IngestSettings.TIME_MAX_FUTURE)));
  }

  public IngestConfig {
    // A dead letter at its largest (key twice, value, reason and coordinates) must pass the sink.
    if (2L * maxKeyBytes + deadLetterMaxValueBytes + DeadLetterCap.MAX_REASON_CHARS * 3L
        > sinkMaxRecordBytes) {
      throw new IllegalArgumentException(
          "dead letters could exceed "
              + IngestSettings.SINK_MAX_RECORD_BYTES.key()
              + "="
              + sinkMaxRecordBytes
              + ": lower "
              + IngestSettings.DEAD_LETTER_MAX_VALUE_BYTES.key()
              + " or "
              + IngestSettings.MAX_KEY_BYTES.key());
    }
  }

  /** What every dead letter is cut to before the sink. */
  public DeadLetterCap deadLetterCap() {
    return new DeadLetterCap(maxKeyBytes, deadLetterMaxValueBytes);
  }

  /** All defaults. */
  public static IngestConfig defaults() {
    return from(Settings.empty());
  }
}
