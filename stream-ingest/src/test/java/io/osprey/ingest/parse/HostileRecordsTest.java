package io.osprey.ingest.parse;

import static io.osprey.ingest.Fixtures.PAYMENTS;
import static io.osprey.ingest.Fixtures.T0;
import static io.osprey.ingest.Fixtures.labelJson;
import static io.osprey.ingest.Fixtures.raw;
import static io.osprey.ingest.Fixtures.transactionJson;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.DeadLetter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Keys and bytes a hostile producer may send: each a dead letter with a reason, or accepted. */
class HostileRecordsTest {
  private static final int MAX_VALUE = 64 * 1024;
  private static final int MAX_KEY = 1024;

  /** A UTF-16 surrogate (U+D800) encoded as if it were a code point: not UTF-8. */
  private static final byte[] SURROGATE = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};

  private final EventParser events = new EventParser(MAX_VALUE, MAX_KEY, PAYMENTS);
  private final LabelParser labels = new LabelParser(MAX_VALUE, MAX_KEY);

  @Test
  void aKeyOverTheBoundIsDeadLetteredWithItsSizeAndAPrefix() {
    RawRecord raw = record(new byte[1024 * 1024], transactionJson("e-1", "card-1", 10, T0));

    Rejected r = events.parse(raw, T0).rejected();

    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason)
        .startsWith("key_too_large: key of 1048576 bytes exceeds the maximum of 1024");
    assertThat(r.key).hasSize(MAX_KEY);
    assertThat(r.truncated).isTrue();
    DeadLetter avro = r.toAvro();
    assertThat(avro.getKeyBytes()).isEqualTo(1024 * 1024);
    assertThat(avro.getValueBytes()).isEqualTo(raw.value.length);
    assertThat(labels.parse(record(new byte[MAX_KEY + 1], labelJson("e", true, T0)), T0).isOk())
        .isFalse();
  }

  @Test
  void aKeyThatIsNotUtf8IsDeadLettered() {
    RawRecord raw = record(SURROGATE, transactionJson("e-1", "card-1", 10, T0));

    Rejected r = events.parse(raw, T0).rejected();

    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason).startsWith("key: invalid UTF-8").contains("ED");
    assertThat(r.key).isEqualTo(SURROGATE);
    assertThat(labels.parse(record(SURROGATE, labelJson("e", true, T0)), T0).rejected().reason)
        .startsWith("key: invalid UTF-8");
  }

  @Test
  void aKeyOfControlCharactersIsJustAKey() {
    RawRecord raw = record("\u0000\u001b[2J\n".getBytes(UTF_8), transactionJson("e", "c", 1, T0));
    assertThat(events.parse(raw, T0).isOk()).isTrue();
  }

  @Test
  void anEncodedSurrogateInAJsonEventOrLabelIsDeadLetteredNotAcceptedAsText() {
    byte[] event = withSurrogateInEventId(transactionJson("e-XX", "card-1", 10, T0));
    Rejected r = events.parse(record("card-1".getBytes(UTF_8), event), T0).rejected();
    assertThat(r.stage).isEqualTo(Rejected.PARSE);
    assertThat(r.reason).startsWith("malformed JSON: invalid UTF-8").contains("ED A0 80");

    byte[] label = withSurrogateInEventId(labelJson("e-XX", true, T0));
    Rejected l = labels.parse(record(null, label), T0).rejected();
    assertThat(l.reason).startsWith("malformed JSON: invalid UTF-8");
  }

  @Test
  void theCapBoundsEveryDeadLetterAndSaysWhatItCut() {
    RawRecord raw = record(new byte[5000], new byte[200_000]);
    Rejected r = Rejected.of(raw, Rejected.VALIDATE, "amount: bad \u0007 value", T0);

    assertThat(new DeadLetterCap(MAX_KEY, MAX_VALUE).cap(r)).isTrue();

    assertThat(r.key).hasSize(MAX_KEY);
    assertThat(r.rawValue).hasSize(MAX_VALUE);
    assertThat(r.truncated).isTrue();
    assertThat(r.reason)
        .isEqualTo(
            "amount: bad \\u0007 value (dead letter truncated: key cut to 1024 of 5000,"
                + " value cut to 65536 of 200000 bytes)");
    assertThat(r.toAvro().getKeyBytes()).isEqualTo(5000);
    assertThat(r.toAvro().getValueBytes()).isEqualTo(200_000);
  }

  @Test
  void theCapLeavesASmallDeadLetterAloneAndBoundsAHugeReason() {
    char[] longText = new char[10_000];
    Arrays.fill(longText, 'x');
    Rejected r = Rejected.of(record(null, new byte[10]), Rejected.PARSE, new String(longText), T0);

    assertThat(new DeadLetterCap(MAX_KEY, MAX_VALUE).cap(r)).isFalse();

    assertThat(r.truncated).isFalse();
    assertThat(r.reason).hasSizeLessThanOrEqualTo(DeadLetterCap.MAX_REASON_CHARS).endsWith("...");
    assertThat(r.toAvro().getKeyBytes()).isNull();
  }

  private static RawRecord record(byte[] key, String value) {
    return record(key, value.getBytes(UTF_8));
  }

  private static RawRecord record(byte[] key, byte[] value) {
    RawRecord raw = raw("transactions", 7, null, value);
    raw.key = key;
    return raw;
  }

  /** The JSON text with the "XX" of its event id replaced by the three bytes ED A0 80. */
  private static byte[] withSurrogateInEventId(String json) {
    byte[] bytes = json.getBytes(UTF_8);
    int at = json.indexOf("XX");
    byte[] out = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(SURROGATE, 0, out, at, 3);
    System.arraycopy(bytes, at + 2, out, at + 3, bytes.length - at - 2);
    return out;
  }
}
