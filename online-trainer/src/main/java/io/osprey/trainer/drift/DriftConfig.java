package io.osprey.trainer.drift;

import io.osprey.platform.config.Settings;
import java.time.Duration;

/** The drift settings, resolved once ({@link DriftSettings} declares and documents each). */
public record DriftConfig(
    boolean enabled,
    int referenceExamples,
    int bins,
    int windowEvents,
    double psiThreshold,
    double ksThreshold,
    double declineShareThreshold,
    double performanceDelta,
    double performanceLambda,
    int performanceMinLabels,
    DriftSettings.Action action,
    Duration actionAfter,
    Duration actionCooldown,
    String retrainLake,
    Duration retrainWindow) {

  public static DriftConfig from(Settings settings) {
    return new DriftConfig(
        settings.get(DriftSettings.ENABLED),
        settings.get(DriftSettings.REFERENCE_EXAMPLES),
        settings.get(DriftSettings.BINS),
        settings.get(DriftSettings.WINDOW_EVENTS),
        settings.get(DriftSettings.PSI_THRESHOLD),
        settings.get(DriftSettings.KS_THRESHOLD),
        settings.get(DriftSettings.DECLINE_SHARE_THRESHOLD),
        settings.get(DriftSettings.PERFORMANCE_DELTA),
        settings.get(DriftSettings.PERFORMANCE_LAMBDA),
        settings.get(DriftSettings.PERFORMANCE_MIN_LABELS),
        settings.get(DriftSettings.ACTION),
        settings.get(DriftSettings.ACTION_AFTER),
        settings.get(DriftSettings.ACTION_COOLDOWN),
        settings.get(DriftSettings.RETRAIN_LAKE),
        settings.get(DriftSettings.RETRAIN_WINDOW));
  }

  /** The defaults (tests, and a trainer wired without settings). */
  public static DriftConfig defaults() {
    return from(Settings.empty());
  }
}
