package io.osprey.sources.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Settings;
import io.osprey.schema.Transaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TransactionGeneratorTest {
  private static final long START = 1_700_000_000_000L;
  private static final Set<String> HIGH_RISK_MCC = Set.of("4829", "5967", "6051", "6540", "7995");

  /** {@code count} events of the default simulator, one every 100 ms of event time (the demo's). */
  private static List<SimulatedEvent> simulate(SimulatorConfig config, int count) {
    TransactionGenerator generator = new TransactionGenerator(config, "t");
    List<SimulatedEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(generator.next(START + i * 100L));
    }
    return events;
  }

  private static Map<String, List<SimulatedEvent>> byPattern(List<SimulatedEvent> events) {
    return events.stream().collect(Collectors.groupingBy(SimulatedEvent::pattern));
  }

  @Test
  void injectsEveryScenarioLabelsEveryFraudAndNamesMerchantTerminalAndDevice() {
    List<SimulatedEvent> events = simulate(SimulatorConfig.defaults(), 40_000);

    assertThat(byPattern(events).keySet())
        .containsExactlyInAnyOrder(
            "normal", "card-testing", "account-takeover", "stolen-card", "compromised-terminal");
    assertThat(events)
        .filteredOn(e -> !e.pattern().equals("normal"))
        .allMatch(SimulatedEvent::fraud);
    assertThat(events)
        .filteredOn(e -> e.pattern().equals("normal"))
        .noneMatch(SimulatedEvent::fraud);
    assertThat(events)
        .allSatisfy(
            e -> {
              Transaction t = e.transaction();
              assertThat(t.getMerchantId()).isNotBlank();
              assertThat(t.getTerminalId()).startsWith("t-" + t.getMerchantId().substring(2) + "-");
              assertThat(t.getDeviceId()).isNotBlank();
            });
    long fraud = events.stream().filter(SimulatedEvent::fraud).count();
    assertThat((double) fraud / events.size()).isBetween(0.01, 0.06);
  }

  @Test
  void aHighRiskCategoryIsANoisySignalNotTheFraudItself() {
    List<SimulatedEvent> events = simulate(SimulatorConfig.defaults(), 40_000);
    Map<Boolean, List<SimulatedEvent>> byFraud =
        events.stream().collect(Collectors.partitioningBy(SimulatedEvent::fraud));
    double fraudAtRisky = shareAtHighRisk(byFraud.get(true));
    double genuineAtRisky = shareAtHighRisk(byFraud.get(false));

    assertThat(fraudAtRisky).isBetween(0.02, 0.5);
    assertThat(genuineAtRisky).isBetween(0.005, fraudAtRisky);
    long genuineRisky = Math.round(genuineAtRisky * byFraud.get(false).size());
    long fraudRisky = Math.round(fraudAtRisky * byFraud.get(true).size());
    assertThat(genuineRisky).as("most high-risk payments are genuine").isGreaterThan(fraudRisky);
  }

  private static double shareAtHighRisk(List<SimulatedEvent> events) {
    return (double)
            events.stream()
                .filter(e -> HIGH_RISK_MCC.contains(e.transaction().getMerchantCategory()))
                .count()
        / events.size();
  }

  @Test
  void aCompromisedTerminalsFraudLooksLikeItsCardsHabitsAndStaysOnFewTerminals() {
    SimulatorConfig config =
        SimulatorConfig.from(
            Settings.empty()
                .with(SimulatorSettings.FRAUD_RATE, 0.0)
                .with(SimulatorSettings.GENUINE_NOISE, 0.0));
    List<SimulatedEvent> events = simulate(config, 40_000);
    List<SimulatedEvent> compromised = byPattern(events).get("compromised-terminal");

    assertThat(compromised).hasSizeGreaterThan(40);
    assertThat(events).filteredOn(SimulatedEvent::fraud).containsExactlyElementsOf(compromised);
    Set<String> terminals = new HashSet<>();
    compromised.forEach(e -> terminals.add(e.transaction().getTerminalId()));
    assertThat(terminals.size()).isLessThan(compromised.size() / 2);
    // The holders' own devices: nothing about the card or its device says fraud.
    assertThat(compromised)
        .allMatch(
            e ->
                e.transaction()
                    .getDeviceId()
                    .equals("dev-" + e.transaction().getCardId().substring(5)));
    // A share of the terminal's traffic during the compromise, not all of it.
    String busiest =
        compromised.stream()
            .collect(
                Collectors.groupingBy(e -> e.transaction().getTerminalId(), Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    long first = firstTime(compromised, busiest);
    long end = first + config.scenarios().compromiseDuration().toMillis();
    List<SimulatedEvent> during =
        events.stream()
            .filter(e -> e.transaction().getTerminalId().equals(busiest))
            .filter(e -> e.transaction().getEventTime() >= first)
            .filter(e -> e.transaction().getEventTime() < end)
            .toList();
    assertThat(during).anyMatch(e -> !e.fraud());
  }

  private static long firstTime(List<SimulatedEvent> events, String terminal) {
    return events.stream()
        .filter(e -> e.transaction().getTerminalId().equals(terminal))
        .mapToLong(e -> e.transaction().getEventTime())
        .min()
        .orElseThrow();
  }

  @Test
  void isDeterministicForASeed() {
    TransactionGenerator first = new TransactionGenerator(9, 100, 0.01, 0.01, "t");
    TransactionGenerator second = new TransactionGenerator(9, 100, 0.01, 0.01, "t");
    for (int i = 0; i < 5_000; i++) {
      assertThat(first.next(i * 100L)).isEqualTo(second.next(i * 100L));
    }
  }

  @Test
  void theDriftScenarioChangesNothingBeforeItsTimeAndBringsTheNewFraudAfter() {
    // 100 ms per event: the shift at 10 minutes of event time is event 6,000
    SimulatorConfig shifted =
        SimulatorConfig.from(
            Settings.of(
                Map.of(
                    "simulator.scenario.drift", "new-fraud",
                    "simulator.scenario.drift.after", "10m")));
    List<SimulatedEvent> plain = simulate(SimulatorConfig.defaults(), 12_000);
    List<SimulatedEvent> drifting = simulate(shifted, 12_000);

    assertThat(drifting.subList(0, 6_000))
        .extracting(e -> e.transaction().getAmount())
        .as("the same world before the shift")
        .containsExactlyElementsOf(
            plain.subList(0, 6_000).stream().map(e -> e.transaction().getAmount()).toList());
    List<SimulatedEvent> after = drifting.subList(6_000, 12_000);
    List<SimulatedEvent> newFraud = byPattern(after).getOrDefault("new-pattern", List.of());
    assertThat((double) newFraud.size() / after.size()).isBetween(0.02, 0.04);
    assertThat(newFraud)
        .allSatisfy(
            e -> {
              assertThat(e.fraud()).isTrue();
              assertThat(e.transaction().getChannel()).isEqualTo("ECOM");
            });
  }

  @Test
  void theAmountsScenarioRaisesGenuineAmountsByItsFactor() {
    SimulatorConfig shifted =
        SimulatorConfig.from(
            Settings.of(
                Map.of(
                    "simulator.scenario.drift", "AMOUNTS",
                    "simulator.scenario.drift.after", "10m",
                    "simulator.scenario.drift.amount.factor", "3")));
    List<SimulatedEvent> events = simulate(shifted, 12_000);
    double before = medianNormalAmount(events.subList(0, 6_000));
    double after = medianNormalAmount(events.subList(6_000, 12_000));

    assertThat(after / before).isBetween(2.5, 3.5);
  }

  private static double medianNormalAmount(List<SimulatedEvent> events) {
    double[] amounts =
        events.stream()
            .filter(e -> e.pattern().equals("normal"))
            .mapToDouble(e -> e.transaction().getAmount())
            .sorted()
            .toArray();
    return amounts[amounts.length / 2];
  }
}
