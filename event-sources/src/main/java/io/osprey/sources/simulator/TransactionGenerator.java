package io.osprey.sources.simulator;

import io.osprey.schema.Label;
import io.osprey.schema.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Generates believable card payments with two injected fraud patterns, deterministically from a
 * seed:
 *
 * <ul>
 *   <li><b>card testing</b>: a stolen card number is tried with a burst of small online payments at
 *       high-risk merchants (digital goods, money transfer) within minutes;
 *   <li><b>account takeover</b>: a card suddenly spends many times its usual amount, online, from a
 *       foreign country and an unknown device.
 * </ul>
 *
 * Genuine payments follow each card's habits: home country, a log-normal amount around its typical
 * spend, its own online share. The generator only decides what happens; {@link SimulatorRunner}
 * decides when it is sent.
 */
public final class TransactionGenerator {
  private static final String[] COUNTRIES = {"DE", "FR", "NL", "ES", "IT", "GB", "PL", "SE"};
  private static final String[] FOREIGN = {"BR", "NG", "RU", "VN", "US", "ID"};
  private static final String[] EVERYDAY_MCC = {
    "5411", "5812", "5541", "5311", "5912", "4111", "5732"
  };
  private static final String[] RISKY_MCC = {"5967", "4829", "6051", "7995"};

  private final Random random;
  private final List<Card> cards = new ArrayList<>();
  private final List<Merchant> merchants = new ArrayList<>();
  private final List<Merchant> riskyMerchants = new ArrayList<>();
  private final double fraudRate;
  private final double analystReviewRate;
  private final Deque<SimulatedEvent> pendingBurst = new ArrayDeque<>();
  private final String idPrefix;
  private long sequence;

  /**
   * @param fraudRate share of generated events that start a fraud episode
   * @param analystReviewRate share of genuine events that later get an explicit "not fraud" label
   * @param runId makes event ids unique across runs with the same seed (ingest deduplicates by id)
   */
  public TransactionGenerator(
      long seed, int cardCount, double fraudRate, double analystReviewRate, String runId) {
    this.random = new Random(seed);
    this.idPrefix = "sim-" + runId + "-";
    this.fraudRate = fraudRate;
    this.analystReviewRate = analystReviewRate;
    for (int i = 0; i < Math.max(10, cardCount / 20); i++) {
      String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
      merchants.add(
          new Merchant("m-" + i, EVERYDAY_MCC[random.nextInt(EVERYDAY_MCC.length)], country));
    }
    for (int i = 0; i < 12; i++) {
      riskyMerchants.add(
          new Merchant("mr-" + i, RISKY_MCC[i % RISKY_MCC.length], FOREIGN[i % FOREIGN.length]));
    }
    for (int i = 0; i < cardCount; i++) {
      cards.add(
          new Card(
              "card-" + i,
              COUNTRIES[random.nextInt(COUNTRIES.length)],
              "EUR",
              Math.exp(2.5 + random.nextGaussian() * 0.7),
              0.1 + random.nextDouble() * 0.3,
              "dev-" + i));
    }
  }

  /** Every event id this generator makes starts with this. */
  public String eventIdPrefix() {
    return idPrefix;
  }

  /** The next event, stamped with {@code eventTime}; bursts continue over consecutive calls. */
  public SimulatedEvent next(long eventTime) {
    if (!pendingBurst.isEmpty()) {
      return restamp(pendingBurst.poll(), eventTime);
    }
    Card card = cards.get(random.nextInt(cards.size()));
    double roll = random.nextDouble();
    if (roll < fraudRate / 2) {
      return cardTesting(card, eventTime);
    }
    if (roll < fraudRate) {
      return accountTakeover(card, eventTime);
    }
    return genuine(card, eventTime);
  }

  private SimulatedEvent genuine(Card card, long eventTime) {
    Merchant merchant = merchants.get(random.nextInt(merchants.size()));
    boolean online = random.nextDouble() < card.ecomShare();
    double amount = round(card.typicalAmount() * Math.exp(random.nextGaussian() * 0.5));
    Transaction transaction =
        transaction(
            card,
            merchant,
            amount,
            online ? "ECOM" : "POS",
            card.homeCountry(),
            card.deviceId(),
            eventTime);
    Label label =
        random.nextDouble() < analystReviewRate ? label(transaction, false, "analyst") : null;
    return new SimulatedEvent(transaction, label, "normal");
  }

  private SimulatedEvent cardTesting(Card card, long eventTime) {
    int attempts = 6 + random.nextInt(10);
    Merchant merchant = riskyMerchants.get(random.nextInt(riskyMerchants.size()));
    String device = "dev-x" + random.nextInt(1_000_000);
    for (int i = 0; i < attempts; i++) {
      Transaction attempt =
          transaction(
              card,
              merchant,
              round(1 + random.nextDouble() * 4),
              "ECOM",
              merchant.country(),
              device,
              eventTime);
      pendingBurst.add(
          new SimulatedEvent(attempt, label(attempt, true, "chargeback"), "card-testing"));
    }
    return pendingBurst.poll();
  }

  private SimulatedEvent accountTakeover(Card card, long eventTime) {
    Merchant merchant = riskyMerchants.get(random.nextInt(riskyMerchants.size()));
    double amount = round(card.typicalAmount() * (8 + random.nextDouble() * 20));
    Transaction transaction =
        transaction(
            card,
            merchant,
            amount,
            "ECOM",
            merchant.country(),
            "dev-x" + random.nextInt(1_000_000),
            eventTime);
    return new SimulatedEvent(
        transaction, label(transaction, true, "chargeback"), "account-takeover");
  }

  private Transaction transaction(
      Card card,
      Merchant merchant,
      double amount,
      String channel,
      String country,
      String device,
      long eventTime) {
    return Transaction.newBuilder()
        .setEventId(idPrefix + Long.toString(sequence++, 36))
        .setCardId(card.cardId())
        .setMerchantId(merchant.merchantId())
        .setMerchantCategory(merchant.category())
        .setAmount(amount)
        .setCurrency(card.currency())
        .setCountry(country)
        .setChannel(channel)
        .setEventTime(eventTime)
        .setDeviceId(device)
        .setIpAddress(null)
        .build();
  }

  private static Label label(Transaction transaction, boolean fraud, String source) {
    // labelTime is filled in when the label is actually sent.
    return new Label(transaction.getEventId(), fraud, 0L, source);
  }

  private static SimulatedEvent restamp(SimulatedEvent event, long eventTime) {
    event.transaction().setEventTime(eventTime);
    return event;
  }

  private static double round(double amount) {
    return Math.max(0.01, Math.round(amount * 100) / 100.0);
  }
}
