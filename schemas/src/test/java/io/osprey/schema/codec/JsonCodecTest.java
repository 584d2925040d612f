package io.osprey.schema.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.schema.Label;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.schema.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  private final JsonCodec<Transaction> transactions = JsonCodec.of(Transaction.class);

  @Test
  void roundTripsAsPlainJson() {
    Transaction sample = Samples.transaction();
    byte[] json = transactions.encode(sample);

    assertThat(new String(json, UTF_8)).contains("\"amount\":42.5").contains("\"ipAddress\":null");
    assertThat(transactions.decode(json)).isEqualTo(sample);
  }

  @Test
  void acceptsIsoTimestampsAndOmittedOptionalFields() {
    String json =
        "{\"eventId\":\"e\",\"cardId\":\"c\",\"merchantId\":\"m\",\"merchantCategory\":\"5999\","
            + "\"amount\":1,\"currency\":\"EUR\",\"country\":\"FR\",\"channel\":\"ECOM\","
            + "\"eventTime\":\"2026-01-02T03:04:05Z\",\"extra\":true}";

    Transaction decoded = transactions.decode(json.getBytes(UTF_8));

    assertThat(decoded.getEventTime())
        .isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
    assertThat(decoded.getDeviceId()).isNull();
    assertThat(decoded.getAmount()).isEqualTo(1.0);
  }

  @Test
  void namesTheFieldThatIsMissingOrOfTheWrongType() {
    assertThatThrownBy(() -> transactions.decode("{\"eventId\":\"e\"}".getBytes(UTF_8)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("missing required field 'cardId'");

    String wrongType =
        new String(transactions.encode(Samples.transaction()), UTF_8)
            .replace("\"amount\":42.5", "\"amount\":\"lots\"");
    assertThatThrownBy(() -> transactions.decode(wrongType.getBytes(UTF_8)))
        .isInstanceOf(CodecException.class)
        .hasMessage("amount: expected a number, got string");
  }

  @Test
  void rejectsMalformedBytesAndNonObjects() {
    assertThatThrownBy(() -> transactions.decode(new byte[] {0x01, 0x02, (byte) 0xff}))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> transactions.decode("[1,2]".getBytes(UTF_8)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void edgeCodecReadsBothFormats() {
    Label label =
        Label.newBuilder()
            .setEventId("e-1")
            .setFraud(true)
            .setLabelTime(5L)
            .setSource("analyst")
            .build();
    EdgeCodec<Label> edge = EdgeCodec.of(Label.class, WireFormat.JSON);

    assertThat(edge.decode(JsonCodec.of(Label.class).encode(label))).isEqualTo(label);
    assertThat(edge.decode(AvroCodec.of(Label.class).encode(label))).isEqualTo(label);
  }

  @Test
  void writesNestedRecordsAndArrays() {
    Prediction prediction =
        Prediction.newBuilder()
            .setEventId("e")
            .setEntityId("c")
            .setScore(0.9)
            .setDecision("DECLINE")
            .setThreshold(0.5)
            .setModelName("fraud")
            .setModelVersion(3)
            .setFallback(false)
            .setReasons(List.of(new Reason("amount_log", 1.25)))
            .setEventTime(1L)
            .setIngestTime(2L)
            .setFeatureTime(3L)
            .setScoredTime(4L)
            .build();
    JsonCodec<Prediction> codec = JsonCodec.of(Prediction.class);

    String json = codec.toJsonString(prediction);

    assertThat(json).contains("\"reasons\":[{\"feature\":\"amount_log\",\"contribution\":1.25}]");
    assertThat(codec.decode(json.getBytes(UTF_8))).isEqualTo(prediction);
  }
}
