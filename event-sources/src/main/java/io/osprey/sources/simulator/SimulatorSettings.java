package io.osprey.sources.simulator;

import io.osprey.platform.config.Setting;
import java.time.Duration;

/**
 * Every key the simulator reads, with defaults that make a lively demo on a laptop. {@link
 * SimulatorConfig#from} resolves them into the value the simulator's classes take.
 */
public final class SimulatorSettings {

  public static final Setting<Double> RATE =
      Setting.decimal(
          "simulator.rate", "Events per second the simulator sends.", 200, 0.1, 1_000_000);
  public static final Setting<Long> MAX_EVENTS =
      Setting.longInteger(
          "simulator.max.events", "Stop after this many events (0 = never).", 0, 0, Long.MAX_VALUE);
  public static final Setting<Integer> CARDS =
      Setting.integer("simulator.cards", "Number of simulated cards.", 20_000, 10, 10_000_000);
  public static final Setting<Double> FRAUD_RATE =
      Setting.decimal(
          "simulator.fraud.rate",
          "Share of events that start a fraud episode on a card (card testing, account takeover or"
              + " a stolen card, drawn by the weights below).",
          0.004,
          0,
          0.5);
  public static final Setting<Double> CARD_TESTING_WEIGHT =
      Setting.decimal(
          "simulator.scenario.card.testing",
          "Weight of card testing among card fraud episodes: many small online amounts on one"
              + " card across merchants within minutes.",
          1,
          0,
          1000);
  public static final Setting<Double> ACCOUNT_TAKEOVER_WEIGHT =
      Setting.decimal(
          "simulator.scenario.account.takeover",
          "Weight of account takeover among card fraud episodes: a new device and another country,"
              + " a modest first payment, then large ones.",
          1,
          0,
          1000);
  public static final Setting<Double> STOLEN_CARD_WEIGHT =
      Setting.decimal(
          "simulator.scenario.stolen.card",
          "Weight of stolen cards among card fraud episodes: a spree at many merchants of the"
              + " card's country in a short time, amounts above the card's habit.",
          1,
          0,
          1000);
  public static final Setting<Double> COMPROMISE_RATE =
      Setting.decimal(
          "simulator.scenario.compromise.rate",
          "Share of events whose terminal becomes compromised (a skimmer, a rogue merchant) from"
              + " then on for simulator.scenario.compromise.duration of event time.",
          0.001,
          0,
          0.1);
  public static final Setting<Duration> COMPROMISE_DURATION =
      Setting.duration(
          "simulator.scenario.compromise.duration",
          "How long (event time) a compromised terminal stays compromised; the simulated world is"
              + " compressed, so minutes here stand for the days of a real compromise.",
          Duration.ofMinutes(30));
  public static final Setting<Double> COMPROMISE_SHARE =
      Setting.decimal(
          "simulator.scenario.compromise.share",
          "Share of a compromised terminal's payments that are fraud; they look like the card's"
              + " usual payments, only the terminal's history tells.",
          0.5,
          0,
          1);
  public static final Setting<DriftShift.Kind> DRIFT =
      Setting.choice(
          "simulator.scenario.drift",
          "A shift for drift detection to find, from simulator.scenario.drift.after on: NONE,"
              + " AMOUNTS (genuine amounts times simulator.scenario.drift.amount.factor) or"
              + " NEW_FRAUD (a share simulator.scenario.drift.fraud.share of genuine-looking"
              + " payments become online fraud on a fresh device, amount times the factor).",
          DriftShift.Kind.class,
          DriftShift.Kind.NONE);
  public static final Setting<Duration> DRIFT_AFTER =
      Setting.durationOrOff(
          "simulator.scenario.drift.after",
          "Event time after the simulator's first event at which the drift shift starts (event"
              + " time runs simulator.event.time.speed times the wall clock: 20m is 60 s at the"
              + " default speed).",
          Duration.ofMinutes(20));
  public static final Setting<Double> DRIFT_AMOUNT_FACTOR =
      Setting.decimal(
          "simulator.scenario.drift.amount.factor",
          "How much larger amounts become after the shift (AMOUNTS: genuine ones; NEW_FRAUD: the"
              + " new fraud's, against the card's habit).",
          3,
          0.01,
          1000);
  public static final Setting<Double> DRIFT_FRAUD_SHARE =
      Setting.decimal(
          "simulator.scenario.drift.fraud.share",
          "NEW_FRAUD: share of would-be genuine payments that are the new fraud after the shift.",
          0.03,
          0,
          1);
  public static final Setting<Integer> FRAUD_DEVICES =
      Setting.integer(
          "simulator.fraud.devices",
          "Devices fraudsters reuse across cards (half of their payments use one of them, the"
              + " other half a fresh device).",
          40,
          1,
          1_000_000);
  public static final Setting<Double> GENUINE_NOISE =
      Setting.decimal(
          "simulator.genuine.noise",
          "Share of genuine payments that look odd: abroad, on a new device, far above the card's"
              + " habit, or at a high-risk merchant category.",
          0.04,
          0,
          1);
  public static final Setting<Double> ANALYST_REVIEW_RATE =
      Setting.decimal(
          "simulator.review.rate",
          "Share of genuine events that get an explicit not-fraud label.",
          0.02,
          0,
          1);
  public static final Setting<Duration> LABEL_DELAY =
      Setting.duration(
          "simulator.label.delay",
          "Wall-clock delay between an event and its label (chargebacks come later).",
          Duration.ofSeconds(5));
  public static final Setting<Double> MALFORMED_RATE =
      Setting.decimal(
          "simulator.malformed.rate",
          "Share of extra malformed records sent alongside events, to exercise the dead-letter path.",
          0.002,
          0,
          1);
  public static final Setting<Double> EVENT_TIME_SPEED =
      Setting.decimal(
          "simulator.event.time.speed",
          "How much faster than the wall clock simulated event time runs at simulator.rate: each"
              + " event is 1000 * speed / rate ms of event time after the one before, whatever the"
              + " load (it starts 12 h in the past and never passes now).",
          20,
          1,
          10_000);
  public static final Setting<Long> SEED =
      Setting.longInteger("simulator.seed", "Random seed.", 7, Long.MIN_VALUE, Long.MAX_VALUE);

  private SimulatorSettings() {}
}
