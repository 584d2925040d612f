package io.osprey.sources.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A stolen card (or its token) used quickly at many merchants before it is blocked: 4 to 10
 * payments in store at different merchants of the card's own country, 1.5 to 6 times the card's
 * habit, 30 seconds to 5 minutes apart. It carries the card's own device id and country, so only
 * velocity, the spread of merchants and the amounts give it away.
 */
final class StolenCard implements CardScenario {
  private final Population population;

  StolenCard(Population population) {
    this.population = population;
  }

  @Override
  public String name() {
    return "stolen-card";
  }

  @Override
  public List<Draft> episode(Card card, long start, Random random) {
    int payments = 4 + random.nextInt(7);
    List<Draft> drafts = new ArrayList<>(payments);
    long due = start;
    for (int i = 0; i < payments; i++) {
      Merchant merchant = population.in(card.homeCountry(), random);
      double amount = CardScenario.round(card.typicalAmount() * (1.5 + random.nextDouble() * 4.5));
      drafts.add(
          Draft.at(
              card,
              merchant,
              false,
              random.nextInt(3),
              amount,
              card.deviceId(),
              true,
              name(),
              due));
      due += CardScenario.gap(random, 30, 300);
    }
    return drafts;
  }
}
