package io.osprey.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The hostile records of issue 11's campaign, each with what must become of it. A record is
 * accounted for by a dead letter naming its source offset and a reason, or by a prediction of its
 * event id; a duplicate event id must not be scored a second time (under any card).
 */
final class HostileInputCampaign {
  /** How a record must end. */
  enum Outcome {
    /** A dead letter with a reason. */
    DEAD_LETTER,
    /** A prediction or a dead letter: both are a proper account (a valid value, an odd key). */
    PREDICTION_OR_DEAD_LETTER,
    /** A prediction of its event id. */
    PREDICTION,
    /** Its event id was scored already for another card: no second prediction. */
    DUPLICATE
  }

  /** One record to send: its kind (for the report), key, value, event id (if any), outcome. */
  record Hostile(String kind, byte[] key, byte[] value, String eventId, Outcome outcome) {}

  private static final int ONE_MB = 1_000_000;

  private HostileInputCampaign() {}

  /** Every kind once (random bytes from {@code seed}); event ids start with {@code prefix}. */
  static List<Hostile> records(String prefix, long now, long seed) {
    Random random = new Random(seed);
    List<Hostile> records = new ArrayList<>();
    byte[] garbage = new byte[64];
    random.nextBytes(garbage);
    garbage[0] = '{';
    records.add(
        new Hostile("malformed bytes", utf8("card-h1"), garbage, null, Outcome.DEAD_LETTER));
    records.add(dead("wrong type", payment(prefix + "type", "card-h1", "\"twelve\"", now, "m-1")));
    records.add(dead("amount NaN", payment(prefix + "nan", "card-h1", "NaN", now, "m-1")));
    records.add(dead("amount huge", payment(prefix + "huge", "card-h1", "1e308", now, "m-1")));
    records.add(dead("amount negative", payment(prefix + "neg", "card-h1", "-12.5", now, "m-1")));
    records.add(
        dead(
            "far-future time",
            payment(prefix + "future", "card-h1", "10", 10_000_000_000_000L, "m-1")));
    records.add(
        dead(
            "huge record",
            withPadding(payment(prefix + "padded", "card-h1", "10", now, "m-1"), 900_000)));
    String bigKeyEvent = prefix + "bigkey";
    records.add(
        new Hostile(
            "1 MB key",
            "k".repeat(ONE_MB).getBytes(StandardCharsets.UTF_8),
            payment(bigKeyEvent, "card-h2", "10", now, "m-1"),
            bigKeyEvent,
            Outcome.PREDICTION_OR_DEAD_LETTER));
    String controlEvent = prefix + "ctrl";
    records.add(
        new Hostile(
            "control characters in the key",
            utf8("card\u0000\u0007\n\u001b[31m"),
            payment(controlEvent, "card-h3", "10", now, "m-1"),
            controlEvent,
            Outcome.PREDICTION_OR_DEAD_LETTER));
    String badKeyEvent = prefix + "badkey";
    records.add(
        new Hostile(
            "invalid UTF-8 key",
            new byte[] {(byte) 0xFF, (byte) 0xFE, 'c', (byte) 0xED, (byte) 0xA0, (byte) 0x80},
            payment(badKeyEvent, "card-h4", "10", now, "m-1"),
            badKeyEvent,
            Outcome.PREDICTION_OR_DEAD_LETTER));
    records.add(
        dead(
            "invalid UTF-8 value (ED A0 80)",
            surrogateIn(payment(prefix + "surrogate", "card-h5", "10", now, "m-\u0001"))));
    String shared = prefix + "shared";
    records.add(
        new Hostile(
            "event id, first card",
            utf8("card-h6"),
            payment(shared, "card-h6", "10", now, "m-1"),
            shared,
            Outcome.PREDICTION));
    records.add(
        new Hostile(
            "same event id, second card",
            utf8("card-h7"),
            payment(shared, "card-h7", "12", now + 1, "m-1"),
            shared,
            Outcome.DUPLICATE));
    // Last: the case (a 1 MB key on a record ingest rejects) made the dead-letter sink
    // fail and the Flink job restart for ever, which would stall every record after it.
    records.add(
        new Hostile(
            "1 MB key on a malformed value",
            "k".repeat(ONE_MB).getBytes(StandardCharsets.UTF_8),
            utf8("{not json"),
            null,
            Outcome.DEAD_LETTER));
    return records;
  }

  /**
   * The two valid payments that stopped the system: a tiny amount then a normal one on the same
   * card (amount_to_mean_1h ≈ 1e302, once a NaN score and a trainer looping for ever).
   */
  static List<Hostile> poison(String prefix, long now) {
    String card = "card-poison-" + prefix;
    return List.of(
        new Hostile(
            "poison: amount 1e-300",
            utf8(card),
            payment(prefix + "tiny", card, "1e-300", now, "m-1"),
            prefix + "tiny",
            Outcome.PREDICTION),
        new Hostile(
            "poison: a normal payment after it",
            utf8(card),
            payment(prefix + "after", card, "42.5", now + 1, "m-1"),
            prefix + "after",
            Outcome.PREDICTION));
  }

  private static Hostile dead(String kind, byte[] value) {
    return new Hostile(kind, utf8("card-h1"), value, null, Outcome.DEAD_LETTER);
  }

  private static byte[] payment(
      String eventId, String card, String amount, long eventTime, String merchant) {
    return utf8(
        "{\"eventId\":\""
            + eventId
            + "\",\"cardId\":\""
            + card
            + "\",\"merchantId\":\""
            + merchant.replace("\u0001", "\\u0001")
            + "\",\"merchantCategory\":\"5411\",\"amount\":"
            + amount
            + ",\"currency\":\"EUR\",\"country\":\"DE\",\"channel\":\"POS\",\"eventTime\":"
            + eventTime
            + "}");
  }

  private static byte[] withPadding(byte[] payment, int bytes) {
    String body = new String(payment, StandardCharsets.UTF_8);
    return utf8("{\"padding\":\"" + "x".repeat(bytes) + "\"," + body.substring(1));
  }

  /** The payment with the merchant's escaped \u0001 replaced by the raw bytes ED A0 80. */
  private static byte[] surrogateIn(byte[] payment) {
    String body = new String(payment, StandardCharsets.UTF_8);
    int at = body.indexOf("\\u0001");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(body.substring(0, at)));
    out.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    out.writeBytes(utf8(body.substring(at + "\\u0001".length())));
    return out.toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
