package io.osprey.sources.replay;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts the rows a replay skipped, by reason, and warns about the first few of them: enough to
 * find a problem in the file without drowning the progress display.
 */
final class BadRows {
  static final int WARNINGS_SHOWN = 5;

  private final String fileName;
  private final Consumer<String> warnings;
  private final Map<String, Long> byReason = new TreeMap<>();
  private long total;

  BadRows(String fileName, Consumer<String> warnings) {
    this.fileName = fileName;
    this.warnings = warnings;
  }

  void add(long rowNumber, String reason) {
    long count;
    synchronized (this) {
      count = ++total;
      // Group "'x' is not a number: 'abc'" with "'x' is not a number: 'def'".
      byReason.merge(reason.replaceFirst(": '.*'$", ""), 1L, Long::sum);
    }
    // Outside the lock: the progress display takes its own lock and reads total() under it.
    if (count <= WARNINGS_SHOWN) {
      warnings.accept(
          "skipped row "
              + rowNumber
              + " of "
              + fileName
              + ": "
              + reason
              + (count == WARNINGS_SHOWN ? " (further bad rows are only counted)" : ""));
    }
  }

  synchronized long total() {
    return total;
  }

  /** "2 missing value for 'delay', 1 'distance' is not a number", or "" when none. */
  synchronized String breakdown() {
    StringBuilder text = new StringBuilder();
    byReason.forEach(
        (reason, count) ->
            text.append(text.length() == 0 ? "" : ", ")
                .append(String.format("%,d", count))
                .append(' ')
                .append(reason));
    return text.toString();
  }
}
