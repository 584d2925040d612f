package io.osprey.sources.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransactionGeneratorTest {
  @Test
  void injectsBothFraudPatternsAndLabelsEveryFraud() {
    TransactionGenerator generator = new TransactionGenerator(1, 500, 0.02, 0.05, "t");
    List<SimulatedEvent> events = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      events.add(generator.next(1_700_000_000_000L + i * 1000L));
    }

    Set<String> patterns = new HashSet<>();
    events.forEach(e -> patterns.add(e.pattern()));
    assertThat(patterns).containsExactlyInAnyOrder("normal", "card-testing", "account-takeover");
    assertThat(events)
        .filteredOn(e -> !e.pattern().equals("normal"))
        .allMatch(SimulatedEvent::fraud);
    assertThat(events)
        .filteredOn(e -> e.pattern().equals("normal"))
        .noneMatch(SimulatedEvent::fraud);

    long fraud = events.stream().filter(SimulatedEvent::fraud).count();
    assertThat(fraud).isBetween(200L, 3_000L); // bursts make fraud events outnumber episodes
  }

  @Test
  void cardTestingIsABurstOfSmallOnlinePaymentsOnOneCard() {
    TransactionGenerator generator = new TransactionGenerator(3, 200, 0.5, 0, "t");
    List<SimulatedEvent> burst = new ArrayList<>();
    for (int i = 0; i < 2_000 && burst.size() < 6; i++) {
      SimulatedEvent event = generator.next(i);
      if (event.pattern().equals("card-testing")) {
        burst.add(event);
      } else {
        burst.clear();
      }
    }

    assertThat(burst).hasSizeGreaterThanOrEqualTo(6);
    assertThat(burst).allMatch(e -> e.transaction().getAmount() <= 5.0);
    assertThat(burst).allMatch(e -> e.transaction().getChannel().equals("ECOM"));
    assertThat(burst.stream().map(e -> e.transaction().getCardId()).distinct()).hasSize(1);
  }

  @Test
  void isDeterministicForASeed() {
    TransactionGenerator first = new TransactionGenerator(9, 100, 0.01, 0.01, "t");
    TransactionGenerator second = new TransactionGenerator(9, 100, 0.01, 0.01, "t");
    for (int i = 0; i < 500; i++) {
      assertThat(first.next(i)).isEqualTo(second.next(i));
    }
  }
}
