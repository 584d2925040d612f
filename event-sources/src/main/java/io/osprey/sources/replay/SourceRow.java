package io.osprey.sources.replay;

import java.util.Map;

/**
 * One row as read from a file, before any replay rule is applied.
 *
 * <p>Values are what JSON can carry: {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 * a Jackson {@code JsonNode} for nested JSON, or {@code null} for a missing value. Timestamps that
 * the file itself types (Parquet) are already epoch milliseconds.
 *
 * @param number the row's 1-based position among the file's data rows: a stable identity, used in
 *     generated event ids and in warnings
 * @param values column name to value, in the file's column order
 * @param problem why the row could not be read at all (a malformed line), or {@code null}
 */
public record SourceRow(long number, Map<String, Object> values, String problem) {
  public static SourceRow of(long number, Map<String, Object> values) {
    return new SourceRow(number, values, null);
  }

  public static SourceRow unreadable(long number, String problem) {
    return new SourceRow(number, Map.of(), problem);
  }
}
