package io.osprey.sources.simulator;

import io.osprey.platform.config.Settings;
import java.time.Duration;

/**
 * A change in the simulated world at a given point of event time, for drift detection to find
 * ({@link SimulatorSettings#DRIFT}): from {@code after} past the first event on, genuine payments
 * are larger ({@code AMOUNTS}), or a new fraud pattern appears ({@code NEW_FRAUD}: a share of what
 * would have been genuine payments are fraud, online, on a fresh device, {@code amountFactor} times
 * the card's habit, at the card's usual merchants: card-not-present fraud the models have not
 * seen).
 *
 * @param after event time after the generator's first event at which the shift starts
 */
public record DriftShift(Kind kind, Duration after, double amountFactor, double fraudShare) {

  /** What changes. */
  public enum Kind {
    NONE,
    AMOUNTS,
    NEW_FRAUD
  }

  public static final DriftShift NONE = new DriftShift(Kind.NONE, Duration.ZERO, 1, 0);

  public static DriftShift from(Settings settings) {
    return new DriftShift(
        settings.get(SimulatorSettings.DRIFT),
        settings.get(SimulatorSettings.DRIFT_AFTER),
        settings.get(SimulatorSettings.DRIFT_AMOUNT_FACTOR),
        settings.get(SimulatorSettings.DRIFT_FRAUD_SHARE));
  }

  /** Whether the world has shifted at {@code sinceFirstEvent} of event time. */
  boolean active(long sinceFirstEvent) {
    return kind != Kind.NONE && sinceFirstEvent >= after.toMillis();
  }
}
