package io.osprey.schema.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.schema.features.AggregateFeature.Function;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureSpecsTest {
  @TempDir Path dir;

  @Test
  void readsEveryKindOfFeatureWithDefaultsFilledIn() {
    FeatureSpec spec = SpecFiles.load(dir, "shop.yaml", SpecFiles.VALID);

    assertThat(spec.name()).isEqualTo("shop");
    assertThat(spec.event().formats()).containsExactly(EventFormat.JSON);
    assertThat(spec.event().idField()).isEqualTo("orderId");
    assertThat(spec.event().field("customer").orElseThrow().required()).isTrue();
    assertThat(spec.event().field("items").orElseThrow().required()).isFalse();
    assertThat(spec.layout().names())
        .containsExactly(
            "total_log",
            "items",
            "channel=web",
            "channel=app",
            "channel=other",
            "coupon#0",
            "coupon#1",
            "coupon#2",
            "coupon#3",
            "is_app",
            "hour",
            "orders_1h",
            "spend_mean_7d",
            "since_last",
            "channel_changed");
    assertThat(spec.features().get(1))
        .isEqualTo(new NumericFeature("items", "items", new Clip(0, 50), Transform.NONE, 1));
    assertThat(spec.features().get(8))
        .isEqualTo(
            new AggregateFeature(
                "since_last",
                Function.TIME_SINCE_LAST,
                null,
                null,
                Duration.ofDays(30),
                0,
                null,
                Transform.LOG1P));
    assertThat(spec.longestHorizon()).isEqualTo(Duration.ofDays(30));
    assertThat(spec.hash()).matches("[0-9a-f]{16}").isEqualTo(spec.layout().specHash());
  }

  @Test
  void theBuiltInPaymentSpecIsTheDefaultLayout() {
    FeatureSpec payments = FeatureSpecs.load("builtin:payments");

    assertThat(payments.layout()).isEqualTo(FeatureLayout.PAYMENTS);
    assertThat(FeatureLayout.PAYMENTS.names())
        .containsExactly(
            "amount_log",
            "count_1h",
            "sum_1h_log",
            "amount_to_mean_1h",
            "secs_since_prev_log",
            "country_changed",
            "is_ecom",
            "high_risk_mcc",
            "merchant_count_1h",
            "terminal_count_1h",
            "terminal_frauds_1h",
            "terminal_fraud_rate_1h",
            "merchant_fraud_rate_1h",
            "device_cards_1h",
            "device_count_1h",
            "card_merchants_1h",
            "device_changed",
            "card_fraud_1d",
            "prev_amount_log",
            "amount_log_change");
    // Merchant-, terminal-, device- and label-aware aggregates (issue 13): keyed, so the ingest
    // job computes them in its keyed stage; the card's own ones stay on the entity's.
    assertThat(payments.features())
        .filteredOn(f -> f instanceof AggregateFeature a && a.keyed())
        .extracting(Feature::name)
        .containsExactly(
            "merchant_count_1h",
            "terminal_count_1h",
            "terminal_frauds_1h",
            "terminal_fraud_rate_1h",
            "merchant_fraud_rate_1h",
            "device_cards_1h",
            "device_count_1h",
            "card_fraud_1d");
    assertThat(payments.event().formats()).containsExactly(EventFormat.JSON, EventFormat.AVRO);
    assertThat(payments.event().avroSchema()).contains("\"name\":\"Transaction\"");
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // line to replace | replacement | line the error names | what the message says
        "29 | '    windw: 1h' | 29 | unknown key 'windw' in feature 'orders_1h'",
        "3 | '  formt: json' | 3 | unknown key 'formt' in event",
        "11 | '    total: {type: double, minimum: 0}' | 11 | unknown key 'minimum' in field 'total'",
        "31 | '  - {name: since_last, kind: aggregate, function: time_since_last, cap: 30d, window: 1h}'"
            + " | 31 | unknown key 'window' in feature 'since_last' (time_since_last)",
        "19 | '    field: totl' | 19 | feature 'total_log': unknown field 'totl'",
        "19 | '    field: channel' | 19 | numeric needs a long, double or boolean field, and 'channel' is string",
        "30 | '  - {name: spend_mean_7d, kind: aggregate, function: sum, field: coupon, window: 7d}'"
            + " | 30 | sum needs a long, double or boolean field, and 'coupon' is string",
        "32 | '  - {name: channel_changed, kind: aggregate, function: changed, field: total, window: 1d}'"
            + " | 32 | changed needs a string, long or boolean field, and 'total' is double",
        "25 | '  - {name: hour, kind: time, part: hour_of_day, field: total}'"
            + " | 25 | time needs a timestamp field, and 'total' is double",
        "6 | '  time: total' | 6 | event.time: field 'total' is double, expected timestamp",
        "5 | '  entity: nobody' | 5 | event.entity: unknown field 'nobody'",
        "29 | '    window: \"\"' | 29 | window: expected a duration like 30s, 10m, 1h or 7d, got ''",
        "29 | '    window:' | 29 | key 'window' has no value",
        "29 | '    window: 0h' | 29 | window: must be positive, got '0h'",
        "29 | '    window: -1h' | 29 | window: must be positive, got '-1h'",
        "29 | '    window: 1 hour' | 29 | expected a duration like",
        "24 | '  - {name: total_log, kind: categorical, field: channel, encoding: in, values: [app]}'"
            + " | 24 | duplicate feature name 'total_log' (first defined on line 17)",
        "22 | '  - {name: channel, kind: categorical, field: channel, encoding: vocabulary, values: [web, web]}'"
            + " | 22 | 'web' is listed twice",
        "13 | '    coupon: {type: string, required: false, pattern: \"[A-Z\"}'"
            + " | 13 | pattern is not a valid regular expression",
        "12 | '    items: {type: long, pattern: \"[0-9]+\"}' | 12 | pattern applies to string fields",
        "8 | '    orderId: text' | 8 | expected one of string, long, double, boolean, timestamp, got 'text'",
        "12 | '    total: long' | 12 | duplicate key 'total' (first written on line 11)",
        "18 | '    kind: numerik' | 18 | unknown kind 'numerik'",
        "28 | '    function: median' | 28 | expected one of count, sum, mean, std, max,",
        "21 | '  - {name: items, kind: numeric, field: items, clip: [50, 0]}' | 21 | clip needs lo < hi",
        "23 | '  - {name: coupon, kind: categorical, field: coupon, encoding: hash, buckets: 0}'"
            + " | 23 | buckets must be a whole number from 1 to 4096",
        "23 | '  - {name: coupon, kind: categorical, field: coupon, encoding: hash, values: [a]}'"
            + " | 23 | unknown key 'values' in feature 'coupon' (encoding hash)",
        "25 | '  - {name: hour, kind: time, part: hour_of_day, zone: Mars/Olympus}'"
            + " | 25 | unknown time zone 'Mars/Olympus'",
        "11 | '    total: {type: double, min: 5, max: 1}' | 11 | its bounds leave no valid value",
        "17 | '  - name: total log' | 17 | must start with a letter",
        "22 | '  - {name: channel, kind: [' | 22 | not valid YAML",
        "30 | '  - {name: spend_mean_7d, kind: aggregate, function: mean, field: total, window: 7d, by: shop}'"
            + " | 30 | by: unknown field 'shop'",
        "30 | '  - {name: spend_mean_7d, kind: aggregate, function: mean, field: total, window: 7d, by: total}'"
            + " | 30 | by: needs a string or long field (its value is the key), and 'total' is double",
        "30 | '  - {name: fraud_7d, kind: aggregate, function: fraud_rate, window: 7d, min_events: -1}'"
            + " | 30 | min_events must be a whole number from 0",
        "30 | '  - {name: fraud_7d, kind: aggregate, function: fraud_rate, window: 7d, min_events: 2.5}'"
            + " | 30 | min_events must be a whole number from 0",
        "30 | '  - {name: fraud_7d, kind: aggregate, function: fraud_count, window: 7d, min_events: 3}'"
            + " | 30 | unknown key 'min_events' in feature 'fraud_7d' (fraud_count)",
        "30 | '  - {name: fraud_7d, kind: aggregate, function: fraud_rate, field: total, window: 7d}'"
            + " | 30 | unknown key 'field' in feature 'fraud_7d' (fraud_rate)",
        "30 | '  - {name: fraud_7d, kind: aggregate, function: fraud_rate, by: channel}'"
            + " | 30 | feature 'fraud_7d' (fraud_rate): missing key 'window'",
      })
  void aWrongSpecFailsNamingTheLine(int line, String replacement, int errorLine, String message) {
    String text = SpecFiles.withLine(line, replacement);

    assertThatThrownBy(() -> SpecFiles.load(dir, "shop.yaml", text))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.line()).as(e.getMessage()).isEqualTo(errorLine);
              assertThat(e.getMessage())
                  .startsWith(dir.resolve("shop.yaml") + " line " + errorLine + ": ")
                  .contains(message);
            });
  }

  @Test
  void aggregatesMayBeKeyedByAnyFieldAndReadLabels() {
    FeatureSpec plain = SpecFiles.load(dir, "plain.yaml", SpecFiles.VALID);
    String text =
        SpecFiles.withLine(
            30,
            "  - {name: channel_fraud_rate_7d, kind: aggregate, function: fraud_rate, by: channel,"
                + " window: 7d, min_events: 5, default: 0.01}");
    FeatureSpec keyed = SpecFiles.load(dir, "keyed.yaml", text);

    AggregateFeature rate = (AggregateFeature) keyed.features().get(7);
    assertThat(rate.function()).isEqualTo(Function.FRAUD_RATE);
    assertThat(rate.by()).isEqualTo("channel");
    assertThat(rate.minEvents()).isEqualTo(5);
    assertThat(rate.defaultValue()).isEqualTo(0.01);
    assertThat(rate.keyed()).isTrue();
    // by: the entity field is the entity: same meaning, same hash as leaving it out.
    FeatureSpec byEntity =
        SpecFiles.load(
            dir, "entity.yaml", SpecFiles.withLine(29, "    window: 1h\n    by: customer"));
    assertThat(((AggregateFeature) byEntity.features().get(6)).by()).isNull();
    assertThat(byEntity.hash()).isEqualTo(plain.hash());
    assertThat(keyed.hash()).isNotEqualTo(plain.hash());
  }

  @Test
  void aJsonSpecNamesItsLinesToo() {
    String json =
        """
        {
          "name": "tiny",
          "event": {
            "format": "json",
            "id": "id", "entity": "who", "time": "at",
            "fields": {"id": "string", "who": "string", "at": "timestamp", "x": "double"}
          },
          "features": [
            {"name": "x", "kind": "numeric", "field": "x"},
            {"name": "x_max", "kind": "aggregate", "function": "max", "field": "x", "window": "0d"}
          ]
        }
        """;
    assertThatThrownBy(() -> SpecFiles.load(dir, "tiny.json", json))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.line()).isEqualTo(10);
              assertThat(e.getMessage()).contains("feature 'x_max' window: must be positive");
            });
    assertThat(SpecFiles.load(dir, "ok.json", json.replace("0d", "1d")).layout().names())
        .containsExactly("x", "x_max");
  }

  @Test
  void anAvroEventSpecIsCheckedAgainstItsSchema() {
    SpecFiles.write(
        dir,
        "ride.avsc",
        """
        {"type": "record", "name": "Ride", "fields": [
          {"name": "rideId", "type": "string"},
          {"name": "driver", "type": "long"},
          {"name": "at", "type": "long"},
          {"name": "fare", "type": ["null", "float"], "default": null}
        ]}
        """);
    String spec =
        """
        name: rides
        event:
          format: avro
          avroSchema: ride.avsc
          id: rideId
          entity: driver
          time: at
          fields:
            rideId: string
            driver: long
            at: timestamp
            fare: {type: double, required: false}
        features:
          - {name: fare, kind: numeric, field: fare}
        """;
    assertThat(SpecFiles.load(dir, "rides.yaml", spec).event().avroSchema()).contains("Ride");

    assertThatThrownBy(() -> SpecFiles.load(dir, "rides.yaml", spec.replace("fare: {", "tip: {")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.line()).isEqualTo(12);
              assertThat(e.getMessage())
                  .contains("field 'tip' is not in the Avro schema ride.avsc");
            });
    assertThatThrownBy(
            () ->
                SpecFiles.load(
                    dir, "rides.yaml", spec.replace("fare: {type: double", "fare: {type: boolean")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.line()).isEqualTo(12);
              assertThat(e.getMessage())
                  .contains("field 'fare' is boolean but the Avro schema has float");
            });
    assertThatThrownBy(
            () -> SpecFiles.load(dir, "rides.yaml", spec.replace("ride.avsc", "nowhere.avsc")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.line()).isEqualTo(4);
              assertThat(e.getMessage()).contains("no file 'nowhere.avsc'");
            });
    assertThatThrownBy(
            () -> SpecFiles.load(dir, "rides.yaml", spec.replace("  avroSchema: ride.avsc\n", "")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> assertThat(e.getMessage()).contains("format avro needs event.avroSchema"));
  }

  @Test
  void aMissingOrUnreadableSpecSaysWhich() {
    assertThatThrownBy(() -> FeatureSpecs.load(dir.resolve("none.yaml").toString()))
        .isInstanceOf(SpecException.class)
        .hasMessageEndingWith("none.yaml: no such file");
    assertThatThrownBy(() -> SpecFiles.load(dir, "spec.txt", SpecFiles.VALID))
        .hasMessageContaining("must end in .yaml, .yml or .json");
    assertThatThrownBy(() -> SpecFiles.load(dir, "empty.yaml", ""))
        .hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> FeatureSpecs.load("builtin:nope"))
        .hasMessage("builtin:nope: no such built-in spec (built in: builtin:payments)");
  }
}
