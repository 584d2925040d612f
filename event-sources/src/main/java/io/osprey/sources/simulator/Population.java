package io.osprey.sources.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The simulated world: merchants (category, country, terminals, an online shop or not, and how
 * popular they are) and cards (habits and favourite merchants), drawn once from the seed.
 *
 * <p>Merchant categories overlap between genuine and fraudulent payments on purpose: card testers
 * prefer digital goods, but card holders buy games and gamble too, so a merchant category is a
 * weak, noisy signal and never names the fraud.
 */
final class Population {
  static final String[] HOME = {"DE", "FR", "NL", "ES", "IT", "GB", "PL", "SE"};
  static final String[] ABROAD = {"BR", "NG", "RU", "VN", "US", "ID"};
  private static final String[] EVERYDAY_MCC = {
    "5411", "5812", "5541", "5311", "5912", "4111", "5732"
  };

  /**
   * Digital goods and games (5816, 5818), inbound teleservices (5967): card testers' favourites.
   */
  private static final String[] DIGITAL_MCC = {"5816", "5818", "5967"};

  /** Money transfer, quasi-cash, stored value, gambling: risky but mostly genuine traffic. */
  private static final String[] RISKY_MCC = {"4829", "6051", "6540", "7995"};

  private static final int FAVOURITES = 5;

  private final List<Card> cards = new ArrayList<>();
  private final List<Merchant> merchants = new ArrayList<>();
  private final Map<String, Picker> byCountry = new HashMap<>();
  private final Picker anywhere;
  private final Picker online;
  private final Picker digital;
  private final Picker risky;
  private final Picker abroad;
  private final Picker abroadOnline;

  Population(Random random, int cardCount) {
    int merchantCount = Math.max(20, cardCount / 20);
    double[] popularity = new double[merchantCount];
    for (int i = 0; i < merchantCount; i++) {
      merchants.add(merchant(random, i));
      popularity[i] = Math.exp(random.nextGaussian());
    }
    anywhere = new Picker(merchants, popularity, m -> true);
    online = new Picker(merchants, popularity, Merchant::online);
    digital = new Picker(merchants, popularity, m -> isIn(m.category(), DIGITAL_MCC));
    risky = new Picker(merchants, popularity, m -> isIn(m.category(), RISKY_MCC));
    abroad = new Picker(merchants, popularity, m -> isIn(m.country(), ABROAD));
    abroadOnline = new Picker(merchants, popularity, m -> m.online() && isIn(m.country(), ABROAD));
    for (String country : HOME) {
      byCountry.put(country, new Picker(merchants, popularity, m -> m.country().equals(country)));
    }
    for (int i = 0; i < cardCount; i++) {
      String home = HOME[random.nextInt(HOME.length)];
      Picker local = byCountry.get(home);
      List<Merchant> favourites = new ArrayList<>(FAVOURITES);
      for (int f = 0; f < FAVOURITES; f++) {
        favourites.add(local.pick(random));
      }
      cards.add(
          new Card(
              "card-" + i,
              home,
              "EUR",
              Math.exp(2.8 + random.nextGaussian() * 0.7),
              0.1 + random.nextDouble() * 0.3,
              "dev-" + i,
              List.copyOf(favourites)));
    }
  }

  private static Merchant merchant(Random random, int i) {
    boolean foreign = random.nextDouble() < 0.15;
    String country =
        foreign ? ABROAD[random.nextInt(ABROAD.length)] : HOME[random.nextInt(HOME.length)];
    double kind = random.nextDouble();
    String category;
    double onlineShare;
    if (kind < 0.1) {
      category = DIGITAL_MCC[random.nextInt(DIGITAL_MCC.length)];
      onlineShare = 1;
    } else if (kind < 0.18) {
      category = RISKY_MCC[random.nextInt(RISKY_MCC.length)];
      onlineShare = 0.7;
    } else {
      category = EVERYDAY_MCC[random.nextInt(EVERYDAY_MCC.length)];
      onlineShare = foreign ? 0.8 : 0.3;
    }
    String id = "m-" + i;
    List<String> terminals = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int t = 0; t < count; t++) {
      terminals.add("t-" + i + "-" + t);
    }
    String web = random.nextDouble() < onlineShare ? "t-" + i + "-web" : null;
    return new Merchant(id, category, country, List.copyOf(terminals), web);
  }

  private static boolean isIn(String value, String[] values) {
    for (String v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** The card {@code card-<index>}. */
  Card card(int index) {
    return cards.get(index);
  }

  Card card(Random random) {
    return cards.get(random.nextInt(cards.size()));
  }

  /** Any merchant, by popularity. */
  Merchant anywhere(Random random) {
    return anywhere.pick(random);
  }

  /** A merchant with an online shop, by popularity. */
  Merchant online(Random random) {
    return online.pick(random);
  }

  /** A merchant of digital goods, games or teleservices (all online). */
  Merchant digital(Random random) {
    return digital.pick(random);
  }

  /** A merchant of a high-risk category (money transfer, quasi-cash, stored value, gambling). */
  Merchant risky(Random random) {
    return risky.pick(random);
  }

  /** A merchant outside the card holders' countries. */
  Merchant abroad(Random random) {
    return abroad.pick(random);
  }

  /** An online shop outside the card holders' countries. */
  Merchant abroadOnline(Random random) {
    return abroadOnline.pick(random);
  }

  /** A merchant of {@code country} (one of {@link #HOME}). */
  Merchant in(String country, Random random) {
    return byCountry.get(country).pick(random);
  }

  /** Merchants matching a condition, drawn in proportion to their popularity. */
  private static final class Picker {
    private final List<Merchant> members = new ArrayList<>();
    private final double[] cumulative;

    Picker(List<Merchant> all, double[] popularity, Predicate<Merchant> which) {
      List<Double> weights = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (which.test(all.get(i))) {
          members.add(all.get(i));
          weights.add(popularity[i]);
        }
      }
      if (members.isEmpty()) { // a tiny world: fall back to everyone rather than fail
        members.addAll(all);
        for (double p : popularity) {
          weights.add(p);
        }
      }
      cumulative = new double[members.size()];
      double sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
    }

    Merchant pick(Random random) {
      double x = random.nextDouble() * cumulative[cumulative.length - 1];
      int at = java.util.Arrays.binarySearch(cumulative, x);
      int index = at >= 0 ? at : -at - 1;
      return members.get(Math.min(index, members.size() - 1));
    }
  }
}
