package io.osprey.trainer.drift;

import io.osprey.platform.config.Setting;
import java.time.Duration;

/**
 * Every key of drift detection and of what a drift alert does, in one place; {@link
 * DriftConfig#from} resolves them. The monitor runs in the trainer's process ({@link
 * DriftMonitor}), so these keys go wherever trainer settings go.
 */
public final class DriftSettings {

  /** What an alert (a reading at or above its threshold) sets off, besides its own event. */
  public enum Action {
    /** Only the drift event and an action event saying nobody acted. */
    NOTIFY,
    /** The online learner forgets its weights and starts again from a fresh network. */
    RESET,
    /** A fresh network is trained from the lake's recent examples and judged by the gate. */
    RETRAIN
  }

  public static final Setting<Boolean> ENABLED =
      Setting.flag(
          "drift.enabled",
          "Run the drift monitor beside the trainer (reads features, predictions and"
              + " training-examples; writes drift events to monitoring).",
          true);
  public static final Setting<Integer> REFERENCE_EXAMPLES =
      Setting.integer(
          "drift.reference.examples",
          "Most recent training examples each published envelope's reference profile describes (a"
              + " RETRAIN's: the first examples after the alert's end).",
          4096,
          64,
          1_000_000);
  public static final Setting<Integer> BINS =
      Setting.integer(
          "drift.bins",
          "Quantile bins per feature (and for scores) in a reference profile.",
          10,
          2,
          100);
  public static final Setting<Integer> WINDOW_EVENTS =
      Setting.integer(
          "drift.window.events",
          "Live feature vectors (and, apart, predictions) per drift window: each full window is"
              + " compared with the reference profile of the model serving when it closes. Fraud"
              + " comes in bursts, so a small window's DECLINE share swings with one burst.",
          5000,
          100,
          10_000_000);
  public static final Setting<Double> PSI_THRESHOLD =
      Setting.decimal(
          "drift.psi.threshold",
          "Population stability index at or above which a feature's or the scores' window is a"
              + " drift alert (WARN; CRITICAL at twice it).",
          0.2,
          0.001,
          100);
  public static final Setting<Double> KS_THRESHOLD =
      Setting.decimal(
          "drift.ks.threshold",
          "Kolmogorov-Smirnov distance (on the reference's bins) at or above which a window is a"
              + " drift alert (WARN; CRITICAL at twice it).",
          0.15,
          0.001,
          1);
  public static final Setting<Double> DECLINE_SHARE_THRESHOLD =
      Setting.decimal(
          "drift.decline.share.threshold",
          "Difference between a window's share of DECLINE decisions and the reference's at or"
              + " above which it is a drift alert.",
          0.02,
          0.0001,
          1);
  public static final Setting<Double> PERFORMANCE_DELTA =
      Setting.decimal(
          "drift.performance.delta",
          "Page-Hinkley tolerance on the served decisions' error over matured labels (a"
              + " two-sided test): a rise or fall of the error rate smaller than this is not"
              + " reported.",
          0.01,
          0,
          1);
  public static final Setting<Double> PERFORMANCE_LAMBDA =
      Setting.decimal(
          "drift.performance.lambda",
          "Page-Hinkley alarm threshold: the cumulative rise (or fall) of the error, in errors,"
              + " that makes a performance drift alert; the test restarts after each. Higher:"
              + " fewer false alarms, later alerts.",
          50,
          0.1,
          1_000_000);
  public static final Setting<Integer> PERFORMANCE_MIN_LABELS =
      Setting.integer(
          "drift.performance.min.labels",
          "Matured labels of the served model before its performance test may raise an alert.",
          500,
          1,
          10_000_000);
  public static final Setting<Action> ACTION =
      Setting.choice(
          "drift.action",
          "What a drift alert sets off: NOTIFY (events only), RESET (the online learner starts"
              + " from a fresh network) or RETRAIN (a network trained from the lake's recent"
              + " examples, published as a challenger unless the promotion gate promotes it).",
          Action.class,
          Action.NOTIFY);
  public static final Setting<Duration> ACTION_AFTER =
      Setting.durationOrOff(
          "drift.action.after",
          "Alerts set off no action until the monitor has run this long (a fresh demo's"
              + " per-card aggregates drift until the longest aggregate window has passed); they"
              + " are published and counted all the same.",
          Duration.ZERO);
  public static final Setting<Duration> ACTION_COOLDOWN =
      Setting.duration(
          "drift.action.cooldown",
          "After an action, further alerts only notify for this long (one shift, one retrain).",
          Duration.ofMinutes(5));
  public static final Setting<String> RETRAIN_LAKE =
      Setting.text(
          "drift.retrain.lake",
          "Lake root (ingest.lake.root) a RETRAIN reads training examples from; empty: RETRAIN"
              + " falls back to RESET.",
          "");
  public static final Setting<Duration> RETRAIN_WINDOW =
      Setting.duration(
          "drift.retrain.window",
          "Event time a RETRAIN trains on, up to the last of the examples after the alert's end"
              + " that its reference profile describes (drift.reference.examples of them; examples"
              + " stamped more than this after the alert's end are left out).",
          Duration.ofHours(1));

  private DriftSettings() {}
}
