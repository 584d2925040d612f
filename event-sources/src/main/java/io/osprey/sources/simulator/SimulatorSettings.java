package io.osprey.sources.simulator;

import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import java.time.Duration;

/** The data source's knobs, with defaults that make a lively demo on a laptop. */
public record SimulatorSettings(
    double eventsPerSecond,
    long maxEvents,
    int cards,
    double fraudRate,
    double analystReviewRate,
    Duration labelDelay,
    double malformedRate,
    double eventTimeSpeed,
    long seed) {

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

  /** The settings' defaults: the simulator as the demo runs it, seed included. */
  public static SimulatorSettings defaults() {
    return from(Settings.empty());
  }

  /**
   * The label delay on the simulated event-time axis: labels follow {@link #labelDelay} of wall
   * time, during which event time runs {@link #eventTimeSpeed} times faster.
   */
  public Duration labelDelayInEventTime() {
    return Duration.ofMillis(Math.round(labelDelay.toMillis() * eventTimeSpeed));
  }

  public static SimulatorSettings from(Settings settings) {
    return new SimulatorSettings(
        settings.get(RATE),
        settings.get(MAX_EVENTS),
        settings.get(CARDS),
        settings.get(FRAUD_RATE),
        settings.get(ANALYST_REVIEW_RATE),
        settings.get(LABEL_DELAY),
        settings.get(MALFORMED_RATE),
        settings.get(EVENT_TIME_SPEED),
        settings.get(SEED));
  }
}
