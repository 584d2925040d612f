package io.osprey.ingest.parse;

import io.osprey.ingest.model.Rejected;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Bounds every dead letter just before the dead-letter sink, so that one can always be written: the
 * key to {@code maxKeyBytes}, the value to {@code maxValueBytes}, the reason to {@link
 * #MAX_REASON_CHARS} with control characters escaped. A cut dead letter has {@code truncated=true},
 * its reason says what was cut, and it keeps the original sizes ({@code keyBytes}, {@code
 * valueBytes}, set when it was made). Counts what it cut ({@code truncated}).
 *
 * <p>Why here and not only at the Kafka sink's size guard: a dead letter exists to be replayed and
 * inspected, so a bounded prefix of the record (enough to recognise it) is worth more than an alert
 * that it was too large; and bounding it here holds for every sink the job is given.
 */
public final class DeadLetterCap extends RichMapFunction<Rejected, Rejected> {
  private static final long serialVersionUID = 1L;

  /** Reasons name a field and what was wrong with it; this leaves room for a quoted value. */
  public static final int MAX_REASON_CHARS = 1000;

  private final int maxKeyBytes;
  private final int maxValueBytes;
  private transient Counter truncated;

  public DeadLetterCap(int maxKeyBytes, int maxValueBytes) {
    this.maxKeyBytes = maxKeyBytes;
    this.maxValueBytes = maxValueBytes;
  }

  @Override
  public void open(OpenContext context) {
    truncated = getRuntimeContext().getMetricGroup().counter("truncated");
  }

  @Override
  public Rejected map(Rejected rejected) {
    if (cap(rejected)) {
      truncated.inc();
    }
    return rejected;
  }

  /** Cuts {@code r} in place to the bounds; true when its key or value had to be cut. */
  public boolean cap(Rejected r) {
    StringBuilder cut = new StringBuilder();
    if (r.key != null && r.key.length > maxKeyBytes) {
      cut.append("key cut to ").append(maxKeyBytes).append(" of ").append(r.key.length);
      r.key = Arrays.copyOf(r.key, maxKeyBytes);
    }
    if (r.rawValue != null && r.rawValue.length > maxValueBytes) {
      cut.append(cut.length() == 0 ? "" : ", ")
          .append("value cut to ")
          .append(maxValueBytes)
          .append(" of ")
          .append(r.rawValue.length);
      r.rawValue = Arrays.copyOf(r.rawValue, maxValueBytes);
    }
    r.reason = printable(r.reason == null ? "" : r.reason);
    if (cut.length() == 0) {
      return false;
    }
    r.truncated = true;
    r.reason = r.reason + " (dead letter truncated: " + cut + " bytes)";
    return true;
  }

  /**
   * At most {@link #MAX_REASON_CHARS}, control characters as {@code \\uXXXX}: a reason quotes the
   * offending value, which is the sender's text, and is printed by consoles and logs.
   */
  static String printable(String reason) {
    StringBuilder out = new StringBuilder(Math.min(reason.length(), MAX_REASON_CHARS));
    for (int i = 0; i < reason.length(); i++) {
      if (out.length() >= MAX_REASON_CHARS - 9) {
        if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
          out.setLength(out.length() - 1); // never split a pair
        }
        return out.append("...").toString();
      }
      char c = reason.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c) && !paired(reason, i)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
