package io.osprey.ingest.features;

import static io.osprey.ingest.Fixtures.PAYMENTS;
import static io.osprey.ingest.Fixtures.T0;

import io.osprey.ingest.Fixtures;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.parse.EventParser;
import io.osprey.ingest.parse.Outcome;
import io.osprey.schema.features.ValueBounds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Property: whatever valid payments a card makes (amounts anywhere in {@code (0, 1e9)}, including
 * {@code 1e-300} and just below {@code 1e9}; bursts at one instant; long gaps), every feature of
 * the built-in spec is finite and within {@link ValueBounds}.
 */
class FeatureValuesPropertyTest {
  private static final String[] COUNTRIES = {"NL", "DE"};

  // One parser for every try: the real parse and validation, without building it per event.
  private static final EventParser PARSER = new EventParser(1 << 20, PAYMENTS);

  record Payment(double amount, long gapMillis, int country) {}

  /** The payment as the job sees it after parsing (and validating) its JSON. */
  private static Event parse(int i, Payment p, long eventTime) {
    String json =
        Fixtures.transactionJson(
            "e" + i, "c1", p.amount(), COUNTRIES[p.country()], "POS", "5411", eventTime);
    RawRecord raw = Fixtures.raw("events", i, null, json);
    raw.timestamp = eventTime;
    Outcome<Event> outcome = PARSER.parse(raw, eventTime);
    if (!outcome.isOk()) {
      throw new AssertionError("rejected: " + outcome.rejected().reason + ": " + json);
    }
    return outcome.value();
  }

  @Property(tries = 200)
  void everyFeatureIsFiniteAndBounded(
      @ForAll("cardHistories") @Size(min = 1, max = 40) List<Payment> payments) {
    FeatureEngine engine = new FeatureEngine(PAYMENTS);
    List<Recent> history = new ArrayList<>();
    Recent previous = null;
    long t = T0;
    for (int i = 0; i < payments.size(); i++) {
      Payment p = payments.get(i);
      t += p.gapMillis();
      Event event = parse(i, p, t);
      double[] values = engine.compute(event, history, previous);
      for (double value : values) {
        if (!ValueBounds.within(value)) {
          throw new AssertionError(
              "payment " + i + " of " + payments + ": " + Arrays.toString(values));
        }
      }
      previous = engine.remember(event);
      history.add(previous);
    }
  }

  @Provide
  Arbitrary<List<Payment>> cardHistories() {
    // Down to the smallest subnormal double, up to the largest double below the 1e9 bound.
    Arbitrary<Double> tiny =
        Combinators.combine(
                Arbitraries.doubles().between(1, 9.99), Arbitraries.integers().between(-323, -290))
            .as(
                (mantissa, exponent) ->
                    Math.max(Double.MIN_VALUE, mantissa * Math.pow(10, exponent)));
    Arbitrary<Double> amounts =
        Arbitraries.frequencyOf(
            Tuple.of(3, tiny),
            Tuple.of(1, Arbitraries.of(Double.MIN_VALUE, 1e-300, Double.MIN_NORMAL)),
            Tuple.of(3, Arbitraries.doubles().between(0.01, 10_000)),
            Tuple.of(2, Arbitraries.doubles().between(1, 1e8).map(x -> 1e9 - x)),
            Tuple.of(1, Arbitraries.just(Math.nextDown(1e9))));
    Arbitrary<Long> gaps =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.just(0L)), // a burst at one instant
            Tuple.of(3, Arbitraries.longs().between(1, 60_000)),
            Tuple.of(1, Arbitraries.longs().between(3_600_000, 40L * 86_400_000)));
    Arbitrary<Payment> payment =
        Combinators.combine(amounts, gaps, Arbitraries.integers().between(0, 1)).as(Payment::new);
    return payment.list();
  }
}
