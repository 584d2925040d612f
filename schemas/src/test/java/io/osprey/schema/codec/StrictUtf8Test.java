package io.osprey.schema.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.schema.Label;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {
  /** A UTF-16 surrogate (U+D800) encoded as if it were a code point: not UTF-8. */
  private static final byte[] SURROGATE = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};

  @Test
  void decodesWellFormedTextOfEveryLength() {
    String text = "caf\u00e9 \u20ac \ud83d\ude00 \u0001";
    assertThat(StrictUtf8.decode(text.getBytes(UTF_8))).isEqualTo(text);
    assertThat(StrictUtf8.problem(text.getBytes(UTF_8))).isNull();
    assertThat(StrictUtf8.decode(new byte[0])).isEmpty();
  }

  @Test
  void refusesAnEncodedSurrogateAnOverlongFormAndATruncatedSequence() {
    assertThat(StrictUtf8.problem(concat("ab".getBytes(UTF_8), SURROGATE)))
        .startsWith("invalid UTF-8")
        .contains("offset 2")
        .contains("ED");
    assertThat(StrictUtf8.problem(new byte[] {(byte) 0xC0, (byte) 0xAF})).isNotNull(); // '/'
    assertThat(StrictUtf8.problem(new byte[] {'a', (byte) 0xE2, (byte) 0x82})).isNotNull();
    assertThat(StrictUtf8.problem(new byte[] {(byte) 0xFF})).isNotNull();
  }

  @Test
  void aJsonRecordWithAnEncodedSurrogateInAStringIsRefusedNotReadAsText() {
    byte[] json =
        concat(
            "{\"eventId\":\"e".getBytes(UTF_8),
            SURROGATE,
            "\",\"fraud\":true,\"labelTime\":1,\"source\":\"s\"}".getBytes(UTF_8));

    assertThatThrownBy(() -> JsonCodec.of(Label.class).decode(json))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("malformed JSON: invalid UTF-8");
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
