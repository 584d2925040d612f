package io.osprey.system;

import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.Settings;
import io.osprey.sources.simulator.DriftShift;
import io.osprey.sources.simulator.SimulatorSettings;
import io.osprey.trainer.drift.DriftSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The named scenarios of {@code ./osprey demo --scenario NAME}: settings that make something worth
 * watching happen. A scenario only supplies defaults; every key the user sets wins.
 */
public enum DemoScenario {
  /**
   * Genuine amounts triple 4.5 minutes in (90 minutes of simulated event time at the default
   * speed); the drift monitor raises alerts on the amount features within one window, and the
   * trainer retrains a fresh network from the demo's lake, which the promotion gate then judges.
   * The ingest job writes the lake under the data directory for it. {@code
   * simulator.scenario.drift=NEW_FRAUD} shifts the fraud instead (a new card-not-present pattern),
   * which the served models catch well enough that it raised no alert when measured.
   */
  DRIFT {
    @Override
    Settings defaults(Settings settings) {
      String lake =
          Path.of(settings.get(DemoSettings.DATA_DIR)).toAbsolutePath().resolve("lake").toString();
      return Settings.empty()
          .with(SimulatorSettings.DRIFT, DriftShift.Kind.AMOUNTS)
          // after the warm-up: per-card hourly aggregates fill for one hour of event time (3
          // minutes of wall clock), which is drift too, so the shift comes at 4.5 minutes and no
          // alert acts before 4 minutes
          .with(SimulatorSettings.DRIFT_AFTER, Duration.ofMinutes(90))
          .with(DriftSettings.ACTION_AFTER, Duration.ofMinutes(4))
          .with(IngestSettings.LAKE_ROOT, lake)
          .with(DriftSettings.ACTION, DriftSettings.Action.RETRAIN)
          .with(DriftSettings.RETRAIN_LAKE, lake)
          // 30 minutes of event time (90 s of wall clock) before the newest example: the shift
          // weighs in
          .with(DriftSettings.RETRAIN_WINDOW, Duration.ofMinutes(30))
          .with(DriftSettings.ACTION_COOLDOWN, Duration.ofMinutes(2));
    }
  };

  /** The scenario's defaults for {@code settings}' data directory. */
  abstract Settings defaults(Settings settings);

  /** {@code settings} on top of this scenario's defaults. */
  public Settings apply(Settings settings) {
    return defaults(settings).overriddenBy(settings);
  }

  /** The scenario named {@code name} (any case). */
  public static DemoScenario named(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "no demo scenario '"
              + name
              + "'; known: "
              + Arrays.toString(values()).toLowerCase(Locale.ROOT),
          e);
    }
  }
}
