package io.osprey.ingest.parse;

import static io.osprey.ingest.Fixtures.PAYMENTS;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.raw;
import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventLayout;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in payment spec's parsing and validation: today's transaction rules, spec-driven. */
class EventParserTest {
  private static final int MAX_BYTES = 1024;
  private static final long NOW = T0 + Duration.ofMinutes(5).toMillis();

  private final EventParser parser = new EventParser(MAX_BYTES, PAYMENTS);
  private final EventLayout layout = new EventLayout(PAYMENTS.event());

  @Test
  void acceptsJsonAndKeepsTheKafkaTimestampAsIngestTime() {
    RawRecord raw = raw("transactions", 3, "card-1", transactionJson("e-1", "card-1", 12.5, T0));
    raw.timestamp = T0 + 42;
    Outcome<Event> outcome = parser.parse(raw, NOW);
    assertThat(outcome.isOk()).isTrue();
    Event e = outcome.value();
    assertThat(e.eventId).isEqualTo("e-1");
    assertThat(e.entityId).isEqualTo("card-1");
    assertThat(e.eventTime).isEqualTo(T0);
    assertThat(layout.number(e, layout.indexOf("amount"))).isEqualTo(12.5);
    assertThat(layout.text(e, layout.indexOf("deviceId"))).isNull(); // optional, absent
    assertThat(e.ingestTime).isEqualTo(T0 + 42);
  }

  @Test
  void acceptsAvroSingleObjectEncodingOfTransaction() {
    Transaction t =
        Transaction.newBuilder()
            .setEventId("e-2")
            .setCardId("card-1")
            .setMerchantId("m")
            .setMerchantCategory("5411")
            .setAmount(3.0)
            .setCurrency("USD")
            .setCountry("US")
            .setChannel("ATM")
            .setEventTime(T0)
            .setDeviceId("dev-9")
            .build();
    byte[] avro = EdgeCodec.of(Transaction.class, WireFormat.AVRO).encode(t);
    Outcome<Event> outcome = parser.parse(raw("transactions", 0, "card-1", avro), NOW);
    assertThat(outcome.isOk()).as(String.valueOf(outcome.rejected())).isTrue();
    assertThat(layout.text(outcome.value(), layout.indexOf("channel"))).isEqualTo("ATM");
    assertThat(layout.text(outcome.value(), layout.indexOf("deviceId"))).isEqualTo("dev-9");
    assertThat(outcome.value().eventTime).isEqualTo(T0);
  }

  @Test
  void isoTimestampsAreAcceptedToo() {
    String json =
        transactionJson("e-1", "card-1", 1, T0).replace("" + T0, "\"2026-01-01T12:00:00Z\"");
    assertThat(parser.parse(raw("transactions", 0, "k", json), NOW).value().eventTime)
        .isEqualTo(T0);
  }

  @Test
  void malformedBytesAreAParseFailureWithTheRecordKept() {
    // The Avro marker, an unknown schema fingerprint, then junk.
    byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9};
    RawRecord raw = raw("transactions", 9, "k", garbage);
    Rejected r = parser.parse(raw, NOW).rejected();
    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason).contains("cannot decode Avro");
    assertThat(r.sourceTopic).isEqualTo("transactions");
    assertThat(r.sourceOffset).isEqualTo(9);
    assertThat(r.key).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    assertThat(r.rawValue).isEqualTo(garbage);
    assertThat(r.truncated).isFalse();
    assertThat(r.time).isEqualTo(NOW);
  }

  @Test
  void nullValueIsAParseFailure() {
    Rejected r = parser.parse(raw("transactions", 0, "k", (byte[]) null), NOW).rejected();
    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason).contains("null");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all | malformed JSON",
        "[1,2] | expected a JSON object",
        "{\"eventId\":\"e\"} | missing required field 'cardId'",
        "{\"eventId\":\"e\",\"cardId\":\"c\",\"merchantId\":\"m\",\"merchantCategory\":\"1\","
            + "\"amount\":\"ten\",\"currency\":\"EUR\",\"country\":\"NL\",\"channel\":\"POS\","
            + "\"eventTime\":1767268800000} | amount: expected a finite number, got string",
        "{\"eventId\":\"e\",\"cardId\":\"c\",\"merchantId\":\"m\",\"merchantCategory\":\"1\","
            + "\"amount\":1,\"currency\":\"EUR\",\"country\":\"NL\",\"channel\":\"POS\","
            + "\"eventTime\":\"yesterday\"} | eventTime: expected epoch milliseconds or an ISO-8601",
        "{\"eventId\":\"e\",\"cardId\":null,\"merchantId\":\"m\",\"merchantCategory\":\"1\","
            + "\"amount\":1,\"currency\":\"EUR\",\"country\":\"NL\",\"channel\":\"POS\","
            + "\"eventTime\":1767268800000} | missing required field 'cardId'",
      })
  void wrongShapesAreParseFailuresNamingTheProblem(String json, String reason) {
    Rejected r = parser.parse(raw("transactions", 0, "k", json), NOW).rejected();
    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason).contains(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "zero amount | 0.0 | EUR | POS | 0 | amount: expected a value > 0 and < 1000000000",
        "negative amount | -5 | EUR | POS | 0 | amount: expected a value > 0",
        "absurd amount | 1e12 | EUR | POS | 0 | amount: expected a value > 0 and < 1000000000",
        "bad currency | 10 | euro | POS | 0 | currency: expected to match [A-Z]{3}, got 'euro'",
        "bad channel | 10 | EUR | PHONE | 0 | channel: expected one of POS, ECOM, ATM, got 'PHONE'",
        "far future | 10 | EUR | POS | 172800000 | eventTime:",
      })
  void brokenRulesAreValidationFailuresNamingTheField(
      String name, double amount, String currency, String channel, long offset, String reason) {
    String json =
        transactionJson("e-1", "card-1", amount, "NL", channel, "5411", NOW + offset)
            .replace("\"EUR\"", "\"" + currency + "\"");
    Rejected r = parser.parse(raw("transactions", 0, "k", json), NOW).rejected();
    assertThat(r).as(name).isNotNull();
    assertThat(r.stage).isEqualTo(Rejected.VALIDATE);
    assertThat(r.reason).startsWith(reason);
  }

  @Test
  void timesInSecondsInsteadOfMillisAreRejected() {
    String json = transactionJson("e-1", "card-1", 10, T0 / 1000);
    Rejected r = parser.parse(raw("transactions", 0, "k", json), NOW).rejected();
    assertThat(r.reason).contains("eventTime").contains("before 2000");
  }

  @Test
  void blankRequiredStringsAreRejected() {
    String json = transactionJson(" ", "card-1", 10, T0);
    Rejected r = parser.parse(raw("transactions", 0, "k", json), NOW).rejected();
    assertThat(r.stage).isEqualTo(Rejected.VALIDATE);
    assertThat(r.reason).isEqualTo("eventId: must not be blank");
  }

  @Test
  void hugeRecordsAreDeadLetteredTruncated() {
    byte[] huge = new byte[MAX_BYTES * 4];
    Arrays.fill(huge, (byte) 'x');
    Rejected r = parser.parse(raw("transactions", 0, "k", huge), NOW).rejected();
    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason).contains("4096 bytes exceeds the maximum of 1024");
    assertThat(r.truncated).isTrue();
    assertThat(r.rawValue).hasSize(Rejected.KEPT_PREFIX_BYTES);
    assertThat(r.toAvro().getTruncated()).isTrue();
  }
}
