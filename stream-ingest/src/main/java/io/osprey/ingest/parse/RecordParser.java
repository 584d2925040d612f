package io.osprey.ingest.parse;

import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Payment;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import io.osprey.schema.Label;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.CodecException;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw bytes into validated payments and labels, or into dead letters naming the problem. Pure
 * (no Flink), so every rule is unit-tested directly. It never throws on bad input: whatever the
 * bytes, the outcome is a value or a rejection.
 *
 * <p>Stages: {@code parse} covers size and decoding (JSON or Avro single-object via {@link
 * EdgeCodec}); {@code validate} covers business rules on a well-formed record.
 */
public final class RecordParser {
  /** Nothing in Osprey predates 2000; earlier times are unit mistakes (seconds, not millis). */
  static final long EARLIEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  /** Clock skew allowed between a producer and this job. */
  static final long MAX_FUTURE_MILLIS = Duration.ofDays(1).toMillis();

  /** Above this an amount is a bug or an attack, not a card payment. */
  static final double MAX_AMOUNT = 1e9;

  private static final Set<String> CHANNELS = Set.of("POS", "ECOM", "ATM");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private final int maxRecordBytes;
  private final EdgeCodec<Transaction> transactions =
      EdgeCodec.of(Transaction.class, WireFormat.JSON);
  private final EdgeCodec<Label> labels = EdgeCodec.of(Label.class, WireFormat.JSON);

  public RecordParser(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Parses and validates a record of the transactions topic; {@code now} is processing time. */
  public Outcome<Payment> transaction(RawRecord raw, long now) {
    Rejected tooBig = checkSize(raw, now);
    if (tooBig != null) {
      return Outcome.rejected(tooBig);
    }
    Transaction t;
    try {
      t = transactions.decode(raw.value);
    } catch (RuntimeException e) {
      return Outcome.rejected(Rejected.of(raw, Rejected.PARSE, describe(e), now));
    }
    String problem = validate(t, now);
    return problem == null
        ? Outcome.ok(Payment.of(t, raw.timestamp))
        : Outcome.rejected(Rejected.of(raw, Rejected.VALIDATE, problem, now));
  }

  /** Parses and validates a record of the labels topic; {@code now} is processing time. */
  public Outcome<LabelEvent> label(RawRecord raw, long now) {
    Rejected tooBig = checkSize(raw, now);
    if (tooBig != null) {
      return Outcome.rejected(tooBig);
    }
    Label l;
    try {
      l = labels.decode(raw.value);
    } catch (RuntimeException e) {
      return Outcome.rejected(Rejected.of(raw, Rejected.PARSE, describe(e), now));
    }
    String problem =
        firstNonNull(
            blank("eventId", l.getEventId()),
            blank("source", l.getSource()),
            time("labelTime", l.getLabelTime(), now));
    return problem == null
        ? Outcome.ok(LabelEvent.of(l, raw))
        : Outcome.rejected(Rejected.of(raw, Rejected.VALIDATE, problem, now));
  }

  private Rejected checkSize(RawRecord raw, long now) {
    return raw.value != null && raw.value.length > maxRecordBytes
        ? Rejected.oversized(raw, maxRecordBytes, now)
        : null;
  }

  /** The first broken rule, or null. */
  static String validate(Transaction t, long now) {
    return firstNonNull(
        blank("eventId", t.getEventId()),
        blank("cardId", t.getCardId()),
        blank("merchantId", t.getMerchantId()),
        blank("merchantCategory", t.getMerchantCategory()),
        blank("country", t.getCountry()),
        amount(t.getAmount()),
        t.getCurrency() == null || !CURRENCY.matcher(t.getCurrency()).matches()
            ? "currency: expected 3 upper-case letters, got '" + t.getCurrency() + "'"
            : null,
        t.getChannel() == null || !CHANNELS.contains(t.getChannel())
            ? "channel: expected one of POS, ECOM, ATM, got '" + t.getChannel() + "'"
            : null,
        time("eventTime", t.getEventTime(), now));
  }

  private static String amount(double amount) {
    if (!Double.isFinite(amount) || amount <= 0 || amount >= MAX_AMOUNT) {
      return "amount: expected a finite number > 0 and < 1e9, got " + amount;
    }
    return null;
  }

  private static String blank(String field, String value) {
    return value == null || value.isBlank() ? field + ": must not be blank" : null;
  }

  private static String time(String field, long millis, long now) {
    if (millis < EARLIEST_EVENT_TIME) {
      return field + ": " + millis + " is before 2000-01-01 (seconds instead of milliseconds?)";
    }
    if (millis > now + MAX_FUTURE_MILLIS) {
      return field + ": " + Instant.ofEpochMilli(millis) + " is more than 1 day in the future";
    }
    return null;
  }

  private static String firstNonNull(String... problems) {
    for (String p : problems) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** CodecException messages already name the field; anything else is described by its type. */
  private static String describe(RuntimeException e) {
    if (e instanceof CodecException) {
      return e.getMessage();
    }
    return "cannot decode: " + e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
