package io.osprey.sources.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Card testing: a stolen card number is tried with 5 to 15 small online payments (0.50 to 5.00)
 * spread over a few merchants, mostly digital goods, 5 to 60 seconds apart, from a fraudster's
 * device. The card's hourly count and small amounts hint at it; the device's many cards and the
 * merchants' sudden small-amount traffic say more.
 */
final class CardTesting implements CardScenario {
  private final Population population;
  private final FraudDevices devices;

  CardTesting(Population population, FraudDevices devices) {
    this.population = population;
    this.devices = devices;
  }

  @Override
  public String name() {
    return "card-testing";
  }

  @Override
  public List<Draft> episode(Card card, long start, Random random) {
    int attempts = 5 + random.nextInt(11);
    int spread = 2 + random.nextInt(4);
    List<Merchant> targets = new ArrayList<>(spread);
    for (int i = 0; i < spread; i++) {
      targets.add(
          random.nextDouble() < 0.6 ? population.digital(random) : population.online(random));
    }
    String device = devices.pick(random);
    List<Draft> drafts = new ArrayList<>(attempts);
    long due = start;
    for (int i = 0; i < attempts; i++) {
      Merchant merchant = targets.get(random.nextInt(targets.size()));
      double amount = CardScenario.round(0.5 + random.nextDouble() * 4.5);
      drafts.add(Draft.at(card, merchant, true, 0, amount, device, true, name(), due));
      due += CardScenario.gap(random, 5, 60);
    }
    return drafts;
  }
}
