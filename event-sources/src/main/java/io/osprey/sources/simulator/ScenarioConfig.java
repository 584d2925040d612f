package io.osprey.sources.simulator;

import io.osprey.platform.config.Settings;
import java.time.Duration;

/**
 * How the simulator mixes its fraud scenarios and how much genuine payments stray from habit
 * ({@link SimulatorSettings} declares the keys; README "Fraud scenarios" says what each does).
 *
 * @param episodeRate share of events that start a fraud episode on a card
 * @param cardTesting weight of card testing among card episodes
 * @param accountTakeover weight of account takeover among card episodes
 * @param stolenCard weight of a stolen-card spree among card episodes
 * @param compromiseRate share of events whose terminal becomes compromised
 * @param compromiseDuration how long, in event time, a terminal stays compromised
 * @param compromiseShare share of a compromised terminal's payments that are fraud
 * @param fraudDevices size of the pool of devices fraudsters reuse
 * @param genuineNoise share of genuine payments that look odd
 * @param shift a change of the simulated world at a point of event time (drift scenario)
 */
public record ScenarioConfig(
    double episodeRate,
    double cardTesting,
    double accountTakeover,
    double stolenCard,
    double compromiseRate,
    Duration compromiseDuration,
    double compromiseShare,
    int fraudDevices,
    double genuineNoise,
    DriftShift shift) {

  public ScenarioConfig {
    if (cardTesting + accountTakeover + stolenCard <= 0 && episodeRate > 0) {
      throw new IllegalArgumentException(
          "simulator.fraud.rate is above 0 but every card scenario has weight 0");
    }
  }

  public static ScenarioConfig from(Settings settings) {
    return new ScenarioConfig(
        settings.get(SimulatorSettings.FRAUD_RATE),
        settings.get(SimulatorSettings.CARD_TESTING_WEIGHT),
        settings.get(SimulatorSettings.ACCOUNT_TAKEOVER_WEIGHT),
        settings.get(SimulatorSettings.STOLEN_CARD_WEIGHT),
        settings.get(SimulatorSettings.COMPROMISE_RATE),
        settings.get(SimulatorSettings.COMPROMISE_DURATION),
        settings.get(SimulatorSettings.COMPROMISE_SHARE),
        settings.get(SimulatorSettings.FRAUD_DEVICES),
        settings.get(SimulatorSettings.GENUINE_NOISE),
        DriftShift.from(settings));
  }

  /** The defaults with another rate of card episodes (benchmarks and older call sites). */
  public static ScenarioConfig withEpisodeRate(double episodeRate) {
    ScenarioConfig d = from(Settings.empty());
    return new ScenarioConfig(
        episodeRate,
        d.cardTesting,
        d.accountTakeover,
        d.stolenCard,
        d.compromiseRate,
        d.compromiseDuration,
        d.compromiseShare,
        d.fraudDevices,
        d.genuineNoise,
        d.shift);
  }
}
