package io.osprey.sources.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Account takeover: the holder's credentials are used from a new device, at online shops in another
 * country: a modest first payment (to see that it works), then 1 to 4 large ones (5 to 25 times the
 * card's habit), a minute to ten minutes apart.
 */
final class AccountTakeover implements CardScenario {
  private final Population population;
  private final FraudDevices devices;

  AccountTakeover(Population population, FraudDevices devices) {
    this.population = population;
    this.devices = devices;
  }

  @Override
  public String name() {
    return "account-takeover";
  }

  @Override
  public List<Draft> episode(Card card, long start, Random random) {
    String device = devices.pick(random);
    int payments = 2 + random.nextInt(4);
    List<Draft> drafts = new ArrayList<>(payments);
    long due = start;
    for (int i = 0; i < payments; i++) {
      Merchant merchant = elsewhere(card, random);
      double factor = i == 0 ? 0.8 + random.nextDouble() * 1.2 : 5 + random.nextDouble() * 20;
      double amount = CardScenario.round(card.typicalAmount() * factor);
      drafts.add(Draft.at(card, merchant, true, 0, amount, device, true, name(), due));
      due += CardScenario.gap(random, 60, 600);
    }
    return drafts;
  }

  /** An online merchant outside the card's country, most of the time abroad. */
  private Merchant elsewhere(Card card, Random random) {
    for (int attempt = 0; attempt < 8; attempt++) {
      Merchant merchant =
          random.nextDouble() < 0.6 ? population.abroadOnline(random) : population.online(random);
      if (!merchant.country().equals(card.homeCountry())) {
        return merchant;
      }
    }
    return population.abroadOnline(random);
  }
}
