package io.osprey.sources.simulator;

import io.osprey.schema.Label;
import io.osprey.schema.Transaction;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Generates believable card payments with the fraud scenarios fraud teams see, deterministically
 * from a seed. None of them is named by a single field or feature:
 *
 * <ul>
 *   <li><b>compromised terminals</b> ({@link CompromisedTerminals}): for a while, a share of a
 *       terminal's ordinary-looking payments are fraud;
 *   <li><b>card testing</b> ({@link CardTesting}): many small online amounts on one card across a
 *       few merchants within minutes, from a fraudster's device;
 *   <li><b>account takeover</b> ({@link AccountTakeover}): a new device and another country, a
 *       modest payment, then large ones;
 *   <li><b>stolen card</b> ({@link StolenCard}): a spree at many merchants of the card's country.
 * </ul>
 *
 * Genuine payments follow each card's habits (its favourite merchants, a log-normal amount around
 * its typical spend, its own online share and device), and a share of them stray (abroad, a new
 * device, a large amount, a high-risk category) so that no oddity alone means fraud. Episodes are
 * spread over event time: each of their payments is sent once the clock passes its due time,
 * between the genuine traffic. The generator only decides what happens; {@link SimulatorRunner} or
 * {@link SimulatedPaymentsFile} decide when it is sent.
 */
public final class TransactionGenerator {
  private final Random random;
  private final Population population;
  private final List<CardScenario> scenarios;
  private final double[] scenarioCumulative;
  private final CompromisedTerminals compromised;
  private final ScenarioConfig config;
  private final double analystReviewRate;
  private final PriorityQueue<Queued> due = new PriorityQueue<>();
  private final String idPrefix;
  private long sequence;
  private long queued;
  private long firstEventTime = Long.MIN_VALUE;
  private boolean shiftedYet;

  /** A scheduled payment; ties on due time keep the order of scheduling. */
  private record Queued(Draft draft, long order) implements Comparable<Queued> {
    @Override
    public int compareTo(Queued other) {
      int byTime = Long.compare(draft.due(), other.draft.due());
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  /**
   * The simulator with its default scenarios and {@code fraudRate} card episodes per event.
   *
   * @param fraudRate share of generated events that start a fraud episode on a card
   * @param analystReviewRate share of genuine events that later get an explicit "not fraud" label
   * @param runId makes event ids unique across runs with the same seed (ingest deduplicates by id)
   */
  public TransactionGenerator(
      long seed, int cardCount, double fraudRate, double analystReviewRate, String runId) {
    this(seed, cardCount, ScenarioConfig.withEpisodeRate(fraudRate), analystReviewRate, runId);
  }

  /** The simulator of {@code config}, its event ids starting with {@code sim-<runId>-}. */
  public TransactionGenerator(SimulatorConfig config, String runId) {
    this(config.seed(), config.cards(), config.scenarios(), config.analystReviewRate(), runId);
  }

  TransactionGenerator(
      long seed, int cardCount, ScenarioConfig config, double analystReviewRate, String runId) {
    this.random = new Random(seed);
    this.idPrefix = "sim-" + runId + "-";
    this.config = config;
    this.analystReviewRate = analystReviewRate;
    this.population = new Population(random, cardCount);
    FraudDevices devices = new FraudDevices(config.fraudDevices());
    this.scenarios =
        List.of(
            new CardTesting(population, devices),
            new AccountTakeover(population, devices),
            new StolenCard(population));
    double[] weights = {config.cardTesting(), config.accountTakeover(), config.stolenCard()};
    this.scenarioCumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      scenarioCumulative[i] = sum;
    }
    this.compromised =
        new CompromisedTerminals(
            config.compromiseRate(),
            config.compromiseDuration().toMillis(),
            config.compromiseShare());
  }

  /** Whether the drift scenario's shift has started (never without one). */
  public boolean shifted() {
    return shiftedYet;
  }

  /** Every event id this generator makes starts with this. */
  public String eventIdPrefix() {
    return idPrefix;
  }

  /**
   * The next event, stamped with {@code eventTime}: an episode's payment whose time has come, else
   * a new payment (which may start an episode). Call with non-decreasing event times.
   */
  public SimulatedEvent next(long eventTime) {
    if (firstEventTime == Long.MIN_VALUE) {
      firstEventTime = eventTime;
    }
    Queued head = due.peek();
    if (head != null && head.draft().due() <= eventTime) {
      return emit(due.poll().draft(), eventTime);
    }
    Card card = population.card(random);
    if (random.nextDouble() < config.episodeRate()) {
      for (Draft draft : scenario().episode(card, eventTime, random)) {
        due.add(new Queued(draft, queued++));
      }
      return emit(due.poll().draft(), eventTime);
    }
    boolean shifted = config.shift().active(eventTime - firstEventTime);
    shiftedYet |= shifted;
    if (shifted
        && config.shift().kind() == DriftShift.Kind.NEW_FRAUD
        && random.nextDouble() < config.shift().fraudShare()) {
      return emit(newFraud(card, eventTime), eventTime);
    }
    Draft draft = genuine(card, eventTime, shifted);
    if (compromised.strikes(draft.terminalId(), eventTime, random)) {
      draft = draft.asFraud("compromised-terminal");
    }
    return emit(draft, eventTime);
  }

  private CardScenario scenario() {
    double x = random.nextDouble() * scenarioCumulative[scenarioCumulative.length - 1];
    for (int i = 0; i < scenarioCumulative.length; i++) {
      if (x < scenarioCumulative[i]) {
        return scenarios.get(i);
      }
    }
    return scenarios.get(scenarios.size() - 1);
  }

  /**
   * The drift scenario's new fraud: online at one of the card's usual merchants that sells online
   * (else any online shop), from a fresh device, {@code amountFactor} times the card's habit.
   */
  private Draft newFraud(Card card, long eventTime) {
    Merchant merchant = card.favourites().get(random.nextInt(card.favourites().size()));
    if (!merchant.online()) {
      merchant = population.online(random);
    }
    double amount =
        card.typicalAmount()
            * config.shift().amountFactor()
            * Math.exp(random.nextGaussian() * 0.3);
    String device = "dev-x" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36);
    return Draft.at(
        card,
        merchant,
        true,
        0,
        CardScenario.round(amount),
        device,
        true,
        "new-pattern",
        eventTime);
  }

  /** A payment as the holder makes it, now and then an odd one. */
  private Draft genuine(Card card, long eventTime, boolean shifted) {
    boolean online = random.nextDouble() < card.ecomShare();
    Merchant merchant =
        random.nextDouble() < 0.85
            ? card.favourites().get(random.nextInt(card.favourites().size()))
            : population.anywhere(random);
    if (online && !merchant.online()) {
      merchant = population.online(random);
    }
    double amount = card.typicalAmount() * Math.exp(random.nextGaussian() * 0.5);
    if (shifted && config.shift().kind() == DriftShift.Kind.AMOUNTS) {
      amount *= config.shift().amountFactor();
    }
    String device = card.deviceId();
    if (random.nextDouble() < config.genuineNoise()) {
      switch (random.nextInt(4)) {
        case 0 -> merchant = population.abroad(random); // travelling, or a foreign shop
        case 1 -> device = "dev-n" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36);
        case 2 -> amount *= 5 + random.nextDouble() * 10; // a big purchase
        default -> merchant = population.risky(random);
      }
    }
    return Draft.at(
        card,
        merchant,
        online,
        random.nextInt(3),
        CardScenario.round(amount),
        device,
        false,
        "normal",
        eventTime);
  }

  private SimulatedEvent emit(Draft draft, long eventTime) {
    Transaction transaction =
        Transaction.newBuilder()
            .setEventId(idPrefix + Long.toString(sequence++, 36))
            .setCardId(draft.card().cardId())
            .setMerchantId(draft.merchant().merchantId())
            .setMerchantCategory(draft.merchant().category())
            .setAmount(draft.amount())
            .setCurrency(draft.card().currency())
            .setCountry(draft.merchant().country())
            .setChannel(draft.channel())
            .setEventTime(eventTime)
            .setDeviceId(draft.deviceId())
            .setIpAddress(null)
            .setTerminalId(draft.terminalId())
            .build();
    Label label;
    if (draft.fraud()) {
      label = label(transaction, true, "chargeback");
    } else {
      label = random.nextDouble() < analystReviewRate ? label(transaction, false, "analyst") : null;
    }
    return new SimulatedEvent(transaction, label, draft.pattern());
  }

  private static Label label(Transaction transaction, boolean fraud, String source) {
    // labelTime is filled in when the label is actually sent.
    return new Label(transaction.getEventId(), fraud, 0L, source);
  }
}
