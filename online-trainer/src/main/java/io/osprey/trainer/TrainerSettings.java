package io.osprey.trainer;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.platform.config.Setting;
import io.osprey.trainer.learning.LearnerKind;
import io.osprey.trainer.review.PromotionGate;
import io.osprey.trainer.review.ThresholdPolicy;
import java.time.Duration;

/**
 * Every key the online trainer reads, with its default, in one place. Kafka endpoints and topic
 * names come from {@link io.osprey.platform.config.CommonSettings}; {@link TrainerConfig#from}
 * resolves these keys into the typed values the trainer's classes take.
 */
public final class TrainerSettings {

  /** One trainer per model name; the name is also the key of its envelopes on {@code models}. */
  public static final Setting<String> MODEL_NAME =
      Setting.text("trainer.model.name", "Name of the model this trainer owns.", "fraud");

  public static final Setting<Integer> BATCH_SIZE =
      Setting.integer(
          "trainer.batch.size", "Examples per mini-batch (one gradient step each).", 64, 1, 65_536);

  /**
   * On a slow stream a partial batch would otherwise wait forever; after this long it is trained as
   * it is. Short enough that the demo shows progress, long enough to keep batches full under load.
   */
  public static final Setting<Duration> BATCH_LINGER =
      Setting.duration(
          "trainer.batch.linger",
          "How long a partial mini-batch waits for more examples before it is trained anyway.",
          Duration.ofSeconds(2));

  /**
   * 0 turns the count trigger off, leaving only {@link #PUBLISH_INTERVAL}. 1,024 (2,048 before)
   * publishes twice as often; the trainer benchmark's full loop measured no cost (7,072 examples/s
   * against 7,166), 512 cost 8 %. The served model's age is mostly the label delay (quality
   * report), which no publication policy shortens.
   */
  public static final Setting<Integer> PUBLISH_EVERY_EXAMPLES =
      Setting.integer(
          "trainer.publish.every.examples",
          "Publish a new model version after this many newly trained examples (0: never by count).",
          1024,
          0,
          Integer.MAX_VALUE);

  /** A time trigger for quiet streams: new examples never wait longer than this to be published. */
  public static final Setting<Duration> PUBLISH_INTERVAL =
      Setting.duration(
          "trainer.publish.interval",
          "Publish a new model version when this long has passed since the last one and new"
              + " examples were trained.",
          Duration.ofMinutes(1));

  /**
   * Bounds the served model's age in the stream's own time: a replay flat out and a live stream
   * publish after the same stretch of event time, which a wall-clock interval cannot promise.
   */
  public static final Setting<Duration> PUBLISH_EVERY_EVENT_TIME =
      Setting.durationOrOff(
          "trainer.publish.every.event.time",
          "Publish a new model version once the trained examples' event time has moved this far"
              + " past the last publication's training window (0s: never by event time).",
          Duration.ofMinutes(15));

  public static final Setting<Double> PUBLISH_CLEARLY_BETTER_Z =
      Setting.decimal(
          "trainer.publish.clearly.better.z",
          "Publish at once when the learner is clearly better than the champion on the latest"
              + " matured examples: the paired z statistic of their per-example log-loss"
              + " difference is at least this (0: off).",
          3.0,
          0.0,
          1e6);

  public static final Setting<Integer> PUBLISH_CLEARLY_BETTER_WINDOW =
      Setting.integer(
          "trainer.publish.clearly.better.window",
          "Latest matured examples the clearly-better comparison pairs (judged once half full).",
          2_000,
          2,
          10_000_000);

  public static final Setting<Double> THRESHOLD =
      Setting.decimal(
          "trainer.threshold",
          "Operating threshold (a score at or above it is a fraud decision) with target FIXED; the"
              + " starting threshold otherwise. Stored in the envelope.",
          0.5,
          0.0,
          1.0);

  public static final Setting<Integer> EVALUATION_WINDOW_BATCHES =
      Setting.integer(
          "trainer.evaluation.window.batches",
          "Mini-batches in the sliding window of recent prequential precision/recall/F1.",
          20,
          1,
          100_000);

  public static final Setting<String> CONSUMER_GROUP =
      Setting.text(
          "trainer.consumer.group.id",
          "Kafka consumer group of the trainer (committed after each publication).",
          "osprey-trainer");

  public static final Setting<Integer> METRICS_PORT =
      Setting.integer(
          "trainer.metrics.port",
          "Port of the Prometheus endpoint of TrainerMain (0: a free port).",
          9402,
          0,
          65_535);

  public static final Setting<String> HIDDEN_LAYERS =
      Setting.text(
          "trainer.model.hidden.layers",
          "Units per hidden layer, input side first, comma-separated. Ignored when resuming.",
          "32,16");

  public static final Setting<Double> LEARNING_RATE =
      Setting.decimal(
          "trainer.model.learning.rate",
          "Adam step size of a new network. Ignored when resuming (the updater state is kept).",
          MlpShape.DEFAULT.learningRate(),
          1e-7,
          1.0);

  public static final Setting<Double> L2 =
      Setting.decimal(
          "trainer.model.l2", "Weight decay of a new network.", MlpShape.DEFAULT.l2(), 0.0, 1.0);

  // ---- which learner (see LearnerKind) and the wide-and-deep learner's parts ----

  public static final Setting<LearnerKind> LEARNER =
      Setting.choice(
          "trainer.learner",
          "The online learner: WIDE_AND_DEEP (hedged linear parts beside the network, learning one"
              + " log-odds; published folded into one network) or MLP (the network alone).",
          LearnerKind.class,
          LearnerKind.WIDE_AND_DEEP);

  public static final Setting<String> WIDE_RATES =
      Setting.text(
          "trainer.wide.learning.rates",
          "WIDE_AND_DEEP: SGD step of each linear part (standardised features), comma-separated;"
              + " the learner leans on whichever predicted best lately.",
          "0.1,0.5,2");

  public static final Setting<String> WIDE_L2 =
      Setting.text(
          "trainer.wide.l2",
          "WIDE_AND_DEEP: weight decay of each linear part, comma-separated, one per rate.",
          "1e-4,1e-4,0.01");

  public static final Setting<Integer> WIDE_HEDGE_WINDOW =
      Setting.integer(
          "trainer.wide.hedge.window",
          "WIDE_AND_DEEP: about how many recent examples' log-loss weigh the linear parts.",
          1000,
          1,
          100_000_000);

  public static final Setting<Double> WIDE_HEDGE_ETA =
      Setting.decimal(
          "trainer.wide.hedge.eta",
          "WIDE_AND_DEEP: how sharply the weights follow the parts' log-loss differences (nats).",
          0.1,
          1e-6,
          100.0);

  public static final Setting<Double> DEEP_BOUND =
      Setting.decimal(
          "trainer.wide.deep.bound",
          "WIDE_AND_DEEP: the most the network adds to or takes from a score's log-odds (0: no"
              + " bound). A network extrapolates far outside the values it has seen (the first"
              + " anomalies of a kind) with extreme confidence; the bound keeps that from burying"
              + " them before it has learnt them. Published as one more small layer.",
          4.0,
          0.0,
          100.0);

  public static final Setting<Integer> DEEP_PASSES =
      Setting.integer(
          "trainer.wide.deep.passes",
          "WIDE_AND_DEEP: network steps per batch; the extra ones add a replay of recent examples.",
          1,
          1,
          64);

  public static final Setting<Integer> DEEP_REPLAY =
      Setting.integer(
          "trainer.wide.deep.replay",
          "WIDE_AND_DEEP: recent examples kept for the network's extra steps (each adds a batch"
              + " of them).",
          4096,
          0,
          10_000_000);

  public static final Setting<Long> SEED =
      Setting.longInteger(
          "trainer.model.seed",
          "Seed of the initial weights of a new network.",
          MlpShape.DEFAULT.seed(),
          Long.MIN_VALUE,
          Long.MAX_VALUE);

  /**
   * Off by default (the trainer's own machine or pod). Where it shares cores with the scoring path
   * (the embedded demo), a budget makes the training thread sleep after a step that took it over,
   * so it learns and publishes later under load while decisions keep their cores. Measured trainer
   * CPU on the system benchmark: bench module README, "Removed costs".
   */
  public static final Setting<Double> CPU_BUDGET =
      Setting.decimal(
          "trainer.cpu.budget",
          "Most cores the training thread uses, averaged over about a second (it sleeps when"
              + " over); 0: no budget.",
          0.0,
          0.0,
          1024.0);

  /** See {@link io.osprey.model.dl4j.Dl4jMlp#limitNativeThreads} for the measurement. */
  public static final Setting<Integer> NATIVE_THREADS =
      Setting.integer(
          "trainer.native.threads",
          "Threads ND4J may use per native operation, JVM-wide (0: one per core). The default"
              + " network is too small to gain from more than one.",
          1,
          0,
          1024);

  /**
   * Exactly-once: each envelope, its monitoring events and the consumed offsets it covers are
   * written in one Kafka transaction (transactional id {@code osprey-trainer-<model name>}), so a
   * trainer killed at any point and restarted neither loses an example nor counts one twice.
   */
  public static final Setting<Boolean> EXACTLY_ONCE =
      Setting.flag(
          "trainer.exactly.once",
          "Commit consumed offsets in the same Kafka transaction as the model publication"
              + " (false: commit after the publication is acknowledged, at least once).",
          true);

  // ---- class imbalance (see ImbalancePolicy) ----

  public static final Setting<Double> POSITIVE_WEIGHT =
      Setting.decimal(
          "trainer.imbalance.positive.weight",
          "Weight of a fraud's loss relative to a non-fraud's (1: unweighted). Scores are corrected"
              + " back to probabilities.",
          1.0,
          1.0,
          1e6);

  public static final Setting<Double> NEGATIVE_SAMPLE_RATE =
      Setting.decimal(
          "trainer.imbalance.negative.sample.rate",
          "Probability of training on a non-fraud (1: all; every example is still evaluated)."
              + " Scores are corrected back to probabilities.",
          1.0,
          1e-6,
          1.0);

  // ---- evaluation and the operating threshold (see ThresholdPolicy) ----

  /** 0.5%: roughly what a fraud team can review by hand on a card portfolio. */
  public static final Setting<Double> ALERT_BUDGET =
      Setting.decimal(
          "trainer.alert.budget",
          "Fraction of the highest scores that count as alerts, for precision/recall at the"
              + " budget and for the ALERT_BUDGET threshold target.",
          0.005,
          1e-9,
          1.0);

  public static final Setting<ThresholdPolicy.Target> THRESHOLD_TARGET =
      Setting.choice(
          "trainer.threshold.target",
          "How the operating threshold is chosen at each publication: FIXED (trainer.threshold),"
              + " MIN_PRECISION, ALERT_BUDGET or MIN_COST, over the recent prequential window.",
          ThresholdPolicy.Target.class,
          ThresholdPolicy.Target.FIXED);

  public static final Setting<Double> THRESHOLD_MIN_PRECISION =
      Setting.decimal(
          "trainer.threshold.min.precision",
          "MIN_PRECISION target: the lowest threshold whose precision is at least this.",
          0.5,
          0.0,
          1.0);

  public static final Setting<Double> COST_MISSED_FRAUD =
      Setting.decimal(
          "trainer.threshold.cost.missed.fraud",
          "MIN_COST target: cost of one missed fraud (any unit, same as the false alarm's).",
          100.0,
          0.0,
          1e12);

  public static final Setting<Double> COST_FALSE_ALARM =
      Setting.decimal(
          "trainer.threshold.cost.false.alarm",
          "MIN_COST target: cost of one false alarm.",
          1.0,
          0.0,
          1e12);

  // ---- gated promotion and rollback (see PromotionGate) ----

  public static final Setting<Boolean> GATE_ENABLED =
      Setting.flag(
          "trainer.gate.enabled",
          "Compare each candidate with the champion on held-out examples before promoting it;"
              + " false: every publication is champion.",
          true);

  public static final Setting<PromotionGate.Metric> GATE_METRIC =
      Setting.choice(
          "trainer.gate.metric",
          "Figure the gate compares on the hold-out: PR_AUC, ROC_AUC or LOG_LOSS.",
          PromotionGate.Metric.class,
          PromotionGate.Metric.PR_AUC);

  public static final Setting<Double> GATE_MIN_IMPROVEMENT =
      Setting.decimal(
          "trainer.gate.min.improvement",
          "How much better than the champion a candidate must be to replace it (0: at least as"
              + " good).",
          0.0,
          -1.0,
          1e6);

  public static final Setting<Integer> GATE_MIN_LABELS =
      Setting.integer(
          "trainer.gate.min.labels",
          "Held-out matured labels needed before a candidate can replace a champion (or a"
              + " champion be rolled back).",
          200,
          1,
          10_000_000);

  public static final Setting<PromotionGate.OnLoss> GATE_ON_LOSS =
      Setting.choice(
          "trainer.gate.on.loss",
          "What becomes of a candidate that does not win: CHALLENGER (published with that role)"
              + " or DISCARD.",
          PromotionGate.OnLoss.class,
          PromotionGate.OnLoss.CHALLENGER);

  public static final Setting<Double> HOLDOUT_FRACTION =
      Setting.decimal(
          "trainer.gate.holdout.fraction",
          "Share of examples held out from training (chosen by event id) for the gate.",
          0.1,
          0.0,
          0.9);

  public static final Setting<Integer> HOLDOUT_SIZE =
      Setting.integer(
          "trainer.gate.holdout.size",
          "How many of the most recent held-out examples the gate compares on.",
          5_000,
          1,
          10_000_000);

  /**
   * On a drifting stream, a hold-out of everything since the start favours models that fit the
   * past; the gate and the calibration judge on this recent stretch instead.
   */
  public static final Setting<Duration> HOLDOUT_WINDOW =
      Setting.durationOrOff(
          "trainer.gate.holdout.window",
          "Held-out examples older than this in event time (before the newest) are dropped, but"
              + " never below trainer.gate.min.labels of them (0s: only the size bounds it).",
          Duration.ofHours(2));

  public static final Setting<Double> ROLLBACK_MAX_DEGRADATION =
      Setting.decimal(
          "trainer.rollback.max.degradation",
          "Roll back when the champion's gate metric on the hold-out is worse than the previous"
              + " good version's by more than this (0: never roll back).",
          0.05,
          0.0,
          1e6);

  // ---- calibration (see Calibrator) ----

  public static final Setting<Boolean> CALIBRATION_ENABLED =
      Setting.flag(
          "trainer.calibration.enabled",
          "Fit Platt scaling at each publication (on the hold-out, else the recent prequential"
              + " window) and write it into the envelope, so the scorer serves calibrated"
              + " probabilities.",
          true);

  public static final Setting<Integer> CALIBRATION_MIN_LABELS =
      Setting.integer(
          "trainer.calibration.min.labels",
          "Matured labels (both classes among them) needed to fit a calibration.",
          200,
          1,
          10_000_000);

  // ---- the logistic-regression baseline (see OnlineLogisticRegression) ----

  public static final Setting<Boolean> BASELINE_ENABLED =
      Setting.flag(
          "trainer.baseline.enabled",
          "Train and evaluate a logistic-regression baseline on the same examples and publish its"
              + " prequential figures as baseline.logreg.* on monitoring.",
          true);

  /**
   * On standardised features the log-loss curvature is at most a quarter of the features'
   * covariance, so steps well above Adam's stay stable; a small rate would leave the bias (the base
   * rate) unconverged for thousands of batches when fraud is rare.
   */
  public static final Setting<Double> BASELINE_LEARNING_RATE =
      Setting.decimal(
          "trainer.baseline.learning.rate",
          "SGD step size of the logistic-regression baseline.",
          0.5,
          1e-6,
          10.0);

  // ---- batch bootstrap from the lake (see LakeBootstrap) ----

  public static final Setting<String> BOOTSTRAP_LAKE =
      Setting.text(
          "trainer.bootstrap.lake",
          "Lake root (or its training-examples directory) to train a model from before learning"
              + " online; empty: no bootstrap.",
          "");

  public static final Setting<Boolean> BOOTSTRAP_ONLY =
      Setting.flag(
          "trainer.bootstrap.only",
          "Exit after publishing the bootstrapped model instead of continuing online.",
          false);

  public static final Setting<Double> BOOTSTRAP_VALIDATION_FRACTION =
      Setting.decimal(
          "trainer.bootstrap.validation.fraction",
          "Share of the lake's event-time range, at its end, kept for validation (early stopping,"
              + " threshold, calibration). Split by time, never at random.",
          0.2,
          0.01,
          0.9);

  public static final Setting<Integer> BOOTSTRAP_MAX_EPOCHS =
      Setting.integer(
          "trainer.bootstrap.max.epochs", "Most passes over the training part.", 20, 1, 10_000);

  public static final Setting<Integer> BOOTSTRAP_PATIENCE =
      Setting.integer(
          "trainer.bootstrap.patience",
          "Stop after this many epochs without a better validation PR-AUC (the best epoch is"
              + " kept).",
          3,
          1,
          10_000);

  public static final Setting<Integer> BOOTSTRAP_BATCH_SIZE =
      Setting.integer(
          "trainer.bootstrap.batch.size",
          "Examples per gradient step in the bootstrap.",
          256,
          1,
          65_536);

  private TrainerSettings() {}
}
