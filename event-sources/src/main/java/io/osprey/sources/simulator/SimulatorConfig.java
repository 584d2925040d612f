package io.osprey.sources.simulator;

import io.osprey.platform.config.Settings;
import java.time.Duration;

/**
 * The simulator's settings resolved once ({@link SimulatorSettings} declares the keys): how fast
 * and how long it sends, the population it simulates and how its labels lag behind.
 *
 * @param eventsPerSecond wall-clock rate of events
 * @param maxEvents events before it stops; 0: never
 * @param labelDelay wall-clock delay between an event and its label
 * @param eventTimeSpeed how much faster than the wall clock simulated event time runs
 * @param seed the random seed: the same seed and settings give the same events
 * @param scenarios the fraud scenarios and the genuine payments' noise
 */
public record SimulatorConfig(
    double eventsPerSecond,
    long maxEvents,
    int cards,
    double analystReviewRate,
    Duration labelDelay,
    double malformedRate,
    double eventTimeSpeed,
    long seed,
    ScenarioConfig scenarios) {

  public static SimulatorConfig from(Settings settings) {
    return new SimulatorConfig(
        settings.get(SimulatorSettings.RATE),
        settings.get(SimulatorSettings.MAX_EVENTS),
        settings.get(SimulatorSettings.CARDS),
        settings.get(SimulatorSettings.ANALYST_REVIEW_RATE),
        settings.get(SimulatorSettings.LABEL_DELAY),
        settings.get(SimulatorSettings.MALFORMED_RATE),
        settings.get(SimulatorSettings.EVENT_TIME_SPEED),
        settings.get(SimulatorSettings.SEED),
        ScenarioConfig.from(settings));
  }

  /** The keys' defaults: the simulator as the demo runs it, seed included. */
  public static SimulatorConfig defaults() {
    return from(Settings.empty());
  }

  /**
   * The label delay on the simulated event-time axis: labels follow {@link #labelDelay} of wall
   * time, during which event time runs {@link #eventTimeSpeed} times faster.
   */
  public Duration labelDelayInEventTime() {
    return Duration.ofMillis(Math.round(labelDelay.toMillis() * eventTimeSpeed));
  }
}
