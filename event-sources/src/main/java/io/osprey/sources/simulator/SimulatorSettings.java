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
          "simulator.fraud.rate", "Share of events that start a fraud episode.", 0.004, 0, 0.5);
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
          "How much faster than the wall clock simulated event time runs (it starts in the past and"
              + " never passes now).",
          20,
          1,
          10_000);
  public static final Setting<Long> SEED =
      Setting.longInteger("simulator.seed", "Random seed.", 7, Long.MIN_VALUE, Long.MAX_VALUE);

  private SimulatorSettings() {}
}
