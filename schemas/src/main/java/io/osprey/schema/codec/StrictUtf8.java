package io.osprey.schema.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to text, refusing anything that is not well-formed UTF-8: truncated or stray continuation
 * bytes, overlong forms, and UTF-16 surrogates encoded as UTF-8 (CESU-8, e.g. {@code ED A0 80}).
 * {@code new String(bytes, UTF_8)} and Jackson's byte parser accept some of these (the first
 * replaces them with U+FFFD, the second passes lone surrogates through), so text an Osprey
 * component takes from the wire goes through here first and a bad record becomes a dead letter with
 * a reason, never text that differs from what was sent.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * The text of {@code bytes}.
   *
   * @throws CodecException naming the first malformed byte's offset
   */
  public static String decode(byte[] bytes) {
    CharsetDecoder decoder = newDecoder();
    CharBuffer out = CharBuffer.allocate(bytes.length);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new CodecException(
          "invalid UTF-8: "
              + result.length()
              + " malformed byte(s) at offset "
              + in.position()
              + " ("
              + hex(bytes, in.position(), result.length())
              + ")");
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }

  /**
   * The text of a JSON record, decoded before Jackson sees it: Jackson's byte parser passes a
   * UTF-16 surrogate ({@code ED A0 80}) through as a character.
   *
   * @throws CodecException "malformed JSON: invalid UTF-8 ..."
   */
  public static String json(byte[] bytes) {
    try {
      return decode(bytes);
    } catch (CodecException e) {
      throw new CodecException("malformed JSON: " + e.getMessage());
    }
  }

  /** Null when {@code bytes} are well-formed UTF-8, else what is wrong (as {@link #decode}). */
  public static String problem(byte[] bytes) {
    try {
      decode(bytes);
      return null;
    } catch (CodecException e) {
      return e.getMessage();
    }
  }

  private static CharsetDecoder newDecoder() {
    // Decoders are not thread-safe and cheap to make; one per call keeps this class stateless.
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static String hex(byte[] bytes, int from, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < Math.min(bytes.length, from + Math.max(1, length)); i++) {
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(String.format("%02X", bytes[i] & 0xFF));
    }
    return s.toString();
  }
}
