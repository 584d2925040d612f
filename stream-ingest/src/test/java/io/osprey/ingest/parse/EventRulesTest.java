package io.osprey.ingest.parse;

import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.features.FeatureSpecs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule a spec can state about a field, on a spec that has one of each ({@code
 * specs/rules.yaml}): a record breaking it becomes a dead letter whose stage and reason say which
 * field and why; lossless leniencies pass.
 */
class EventRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FeatureSpec SPEC =
      FeatureSpecs.load(EventRulesTest.class.getResource("/specs/rules.yaml").getPath());
  private static final String VALID =
      "{\"id\":\"r-1\",\"device\":42,\"at\":"
          + T0
          + ",\"level\":50.5,\"count\":3,\"mode\":\"auto\",\"code\":\"ab-12\",\"armed\":true}";

  private final EventParser parser = new EventParser(4096, SPEC);

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // field | JSON value (or "absent") | stage | reason
        "level | 101 | validate | level: expected a value >= 0 and <= 100, got 101.0",
        "level | -0.5 | validate | level: expected a value >= 0 and <= 100, got -0.5",
        "level | \"high\" | parse | level: expected a finite number, got string \"high\"",
        "count | 0 | validate | count: expected a value > 0 and < 10, got 0",
        "count | 10 | validate | count: expected a value > 0 and < 10, got 10",
        "count | 2.5 | parse | count: expected a 64-bit integer, got number 2.5",
        "mode | \"AUTO\" | validate | mode: expected one of auto, manual, got 'AUTO'",
        "mode | absent | parse | missing required field 'mode'",
        "mode | null | parse | missing required field 'mode'",
        "code | \"ab-\" | validate | code: expected to match [a-z]{2}-[0-9]+, got 'ab-'",
        "armed | \"yes\" | parse | armed: expected true or false, got string \"yes\"",
        "device | \"d-1\" | parse | device: expected a 64-bit integer, got string \"d-1\"",
        "id | \"  \" | validate | id: must not be blank",
        "at | 1767268800 | validate | at: 1767268800 is before 2000-01-01",
        "seen | 5 | validate | seen: 5 is before 2000-01-01",
        "seen | \"noon\" | parse | seen: expected epoch milliseconds or an ISO-8601 instant",
      })
  void aBrokenRuleIsADeadLetterNamingTheFieldAndWhy(
      String field, String value, String stage, String reason) throws Exception {
    Rejected r = parser.parse(raw("events", 0, "k", with(field, value)), T0).rejected();

    assertThat(r).as("rejected").isNotNull();
    assertThat(r.stage).isEqualTo(stage);
    assertThat(r.reason).startsWith(reason);
    assertThat(new String(r.rawValue, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(with(field, value)); // the original bytes, for a replay
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "count | 3.0", // an integral number for a long
        "id | 7", // a JSON integer for a string is its digits
        "note | \"\"", // an optional string may be blank
        "note | absent",
        "seen | \"2026-01-01T11:00:00Z\"",
        "extra | \"ignored\"", // fields outside the spec are ignored
      })
  void losslessVariantsPass(String field, String value) throws Exception {
    var outcome = parser.parse(raw("events", 0, "k", with(field, value)), T0);

    assertThat(outcome.isOk()).as(String.valueOf(outcome.rejected())).isTrue();
  }

  @org.junit.jupiter.api.Test
  void aLongEntityBecomesItsDigits() throws Exception {
    Event e = parser.parse(raw("events", 0, "k", VALID), T0).value();
    EventLayout layout = new EventLayout(SPEC.event());

    assertThat(e.entityId).isEqualTo("42");
    assertThat(e.eventId).isEqualTo("r-1");
    assertThat(layout.number(e, layout.indexOf("armed"))).isEqualTo(1.0);
    assertThat(layout.number(e, layout.indexOf("count"))).isEqualTo(3.0);
  }

  private static String with(String field, String value) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(VALID);
    if (value.equals("absent")) {
      node.remove(field);
    } else {
      node.set(field, JSON.readTree(value));
    }
    return JSON.writeValueAsString(node);
  }
}
