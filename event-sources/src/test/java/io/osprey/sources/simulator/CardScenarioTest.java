package io.osprey.sources.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The shape of each card fraud episode, on many cards of one simulated world. */
class CardScenarioTest {
  private static final long START = 1_700_000_000_000L;
  private static final int EPISODES = 300;

  private final Random random = new Random(5);
  private final Population population = new Population(random, 2_000);
  private final FraudDevices devices = new FraudDevices(40);

  private void forEachEpisode(CardScenario scenario, BiConsumer<Card, List<Draft>> check) {
    for (int i = 0; i < EPISODES; i++) {
      Card card = population.card(i);
      List<Draft> episode = scenario.episode(card, START, random);
      assertThat(episode).allMatch(Draft::fraud);
      assertThat(episode).allMatch(d -> d.pattern().equals(scenario.name()));
      assertThat(episode.get(0).due()).isEqualTo(START);
      for (int k = 1; k < episode.size(); k++) {
        assertThat(episode.get(k).due()).isGreaterThan(episode.get(k - 1).due());
      }
      check.accept(card, episode);
    }
  }

  @Test
  void cardTestingIsManySmallOnlinePaymentsAcrossMerchantsFromOneStrangeDevice() {
    int[] counts = new int[2]; // episodes across several merchants; from a shared device
    forEachEpisode(
        new CardTesting(population, devices),
        (card, episode) -> {
          assertThat(episode).hasSizeBetween(5, 15);
          assertThat(episode).allMatch(d -> d.amount() >= 0.5 && d.amount() <= 5.0);
          assertThat(episode).allMatch(d -> d.channel().equals("ECOM"));
          assertThat(episode).allMatch(d -> d.terminalId().equals(d.merchant().webTerminal()));
          assertThat(episode.stream().map(Draft::deviceId).distinct()).hasSize(1);
          assertThat(episode.get(0).deviceId()).isNotEqualTo(card.deviceId());
          assertThat(episode.get(episode.size() - 1).due() - START)
              .isLessThanOrEqualTo(14 * 60_000L);
          if (episode.stream().map(Draft::merchant).distinct().count() > 1) {
            counts[0]++;
          }
          if (episode.get(0).deviceId().startsWith("dev-r")) {
            counts[1]++;
          }
        });
    assertThat(counts[0]).isGreaterThan(EPISODES / 2);
    // Half of the episodes come from the fraudsters' shared devices, half from fresh ones.
    assertThat(counts[1]).isBetween(EPISODES / 4, EPISODES * 3 / 4);
  }

  @Test
  void accountTakeoverIsANewDeviceAndAnotherCountryThenLargeAmounts() {
    forEachEpisode(
        new AccountTakeover(population, devices),
        (card, episode) -> {
          assertThat(episode).hasSizeBetween(2, 5);
          assertThat(episode).allMatch(d -> !d.deviceId().equals(card.deviceId()));
          assertThat(episode).allMatch(d -> d.channel().equals("ECOM"));
          assertThat(episode).allMatch(d -> !d.merchant().country().equals(card.homeCountry()));
          assertThat(episode.get(0).amount()).isLessThanOrEqualTo(2 * card.typicalAmount() + 0.01);
          assertThat(episode.subList(1, episode.size()))
              .allMatch(d -> d.amount() >= 5 * card.typicalAmount() - 0.01);
        });
  }

  @Test
  void aStolenCardIsUsedQuicklyInStoreAtManyMerchantsOfItsCountry() {
    forEachEpisode(
        new StolenCard(population),
        (card, episode) -> {
          assertThat(episode).hasSizeBetween(4, 10);
          assertThat(episode).allMatch(d -> d.channel().equals("POS"));
          assertThat(episode).allMatch(d -> d.merchant().terminals().contains(d.terminalId()));
          assertThat(episode).allMatch(d -> d.merchant().country().equals(card.homeCountry()));
          assertThat(episode).allMatch(d -> d.deviceId().equals(card.deviceId()));
          assertThat(episode)
              .allMatch(
                  d ->
                      d.amount() >= 1.5 * card.typicalAmount() - 0.01
                          && d.amount() <= 6 * card.typicalAmount() + 0.01);
          assertThat(episode.get(episode.size() - 1).due() - START)
              .isLessThanOrEqualTo(9 * 300_000L);
        });
  }
}
