package io.osprey.sources.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the ways people write a point in time: {@code 2001-01-01T00:05:00Z}, with an offset, with
 * no zone ({@code 2001-01-01T00:05}, {@code 2001-01-01 00:05:00}, taken as UTC), or a date alone
 * (midnight UTC).
 */
public final class Instants {
  private Instants() {}

  /**
   * @throws IllegalArgumentException when {@code text} is none of these
   */
  public static Instant parse(String text) {
    String iso = text.trim().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException("not a date or time: '" + text + "'");
        }
      }
    }
  }
}
