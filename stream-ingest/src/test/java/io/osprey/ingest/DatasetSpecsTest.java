package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.DATASET_SPECS;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.FeatureEngine;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.parse.EventParser;
import io.osprey.ingest.parse.Outcome;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import io.osprey.schema.features.FieldSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The specs of the real datasets (deploy/specs) load, read events shaped the way the replay tool
 * writes them, and never take a label column as input.
 */
class DatasetSpecsTest {
  private static final FeatureSpec FLIGHTS = load("flights.yaml");
  private static final FeatureSpec SENSORS = load("sensors.yaml");

  @Test
  void theFlightSpecReadsAReplayedFlight() {
    assertThat(FLIGHTS.event().entityField()).isEqualTo("origin");
    assertThat(FLIGHTS.event().timeField()).isEqualTo("date");
    assertThat(fieldNames(FLIGHTS))
        .containsExactly("eventId", "date", "distance", "origin", "destination");

    // As the replay writes a row of flights-3m.parquet, plus a column the spec does not read.
    String flight =
        "{\"eventId\":\"flights-7\",\"date\":"
            + T0
            + ",\"distance\":719,\"origin\":\"LAX\",\"destination\":\"SFO\",\"extra\":1}";
    double[] values = vector(FLIGHTS, flight);
    assertThat(values).hasSize(FLIGHTS.layout().size());
    assertThat(values[0]).isEqualTo(Math.log1p(719));
  }

  @Test
  void theSensorSpecReadsAReplayedReading() {
    assertThat(SENSORS.event().entityField()).isEqualTo("mote_id");
    assertThat(SENSORS.event().timeField()).isEqualTo("time");
    // The mote id may come as a number (a CSV column): read as its digits.
    String reading =
        "{\"eventId\":\"sensors-1\",\"reading\":1,\"mote_id\":3,\"indoor\":1,"
            + "\"humidity\":42.5,\"temperature\":21.25,\"time\":"
            + T0
            + "}";
    Outcome<Event> outcome = new EventParser(4096, SENSORS).parse(raw("t", 0, "3", reading), T0);
    assertThat(outcome.isOk()).as(String.valueOf(outcome.rejected())).isTrue();
    assertThat(outcome.value().entityId).isEqualTo("3");
    double[] values = vector(SENSORS, reading);
    assertThat(SENSORS.layout().names().subList(0, 3))
        .containsExactly("humidity", "temperature", "indoor");
    assertThat(values[0]).isEqualTo(42.5);
    assertThat(values[1]).isEqualTo(21.25);
  }

  @Test
  void noLabelColumnIsAnInputOfEitherSpec() {
    assertThat(fieldNames(FLIGHTS)).doesNotContain("delay");
    assertThat(fieldNames(SENSORS)).doesNotContain("label");
    assertThat(FLIGHTS.layout().names()).noneMatch(name -> name.contains("delay"));
    assertThat(SENSORS.layout().names()).noneMatch(name -> name.startsWith("label"));
  }

  /**
   * The card-only payments spec is the built-in one of before issue 13, hash included (measured on
   * the built-in spec at commit 10d177c): its vectors and models stay valid.
   */
  @Test
  void theCardOnlyPaymentSpecIsTheBuiltInOneOfBeforeKeyedFeatures() {
    FeatureSpec cardOnly = load("payments-card.yaml");
    assertThat(cardOnly.hash()).isEqualTo("980872f295fb655c");
    assertThat(cardOnly.layout().names())
        .isEqualTo(Fixtures.PAYMENTS.layout().names().subList(0, 8));
  }

  private static double[] vector(FeatureSpec spec, String json) {
    Event event = Fixtures.event(spec, json, T0);
    return new FeatureEngine(spec).compute(event, List.of(), null);
  }

  private static List<String> fieldNames(FeatureSpec spec) {
    return spec.event().fields().stream().map(FieldSpec::name).toList();
  }

  private static FeatureSpec load(String file) {
    return FeatureSpecs.load(DATASET_SPECS.resolve(file).toString());
  }
}
