package io.osprey.sources.replay;

/** The unit of a time column that holds plain numbers since 1970-01-01T00:00Z. */
public enum EpochUnit {
  SECONDS(1_000d),
  MILLIS(1d),
  MICROS(1e-3),
  NANOS(1e-6);

  private final double millisPerUnit;

  EpochUnit(double millisPerUnit) {
    this.millisPerUnit = millisPerUnit;
  }

  /** {@code s}, {@code ms}, {@code us}, {@code ns} or the constant's name, in any case. */
  public static EpochUnit parse(String text) {
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "s":
      case "seconds":
        return SECONDS;
      case "ms":
      case "millis":
        return MILLIS;
      case "us":
      case "micros":
        return MICROS;
      case "ns":
      case "nanos":
        return NANOS;
      default:
        throw new IllegalArgumentException(
            "time unit: expected s, ms, us or ns, got '" + text + "'");
    }
  }

  long toMillis(double value) {
    return Math.round(value * millisPerUnit);
  }
}
