package io.osprey.schema.features;

/** The type of an event field, as a spec writes it ({@code type: long}). */
public enum FieldType {
  /** Text. A JSON integer is accepted too and read as its decimal text (ids often are numbers). */
  STRING,
  /** A 64-bit integer. A JSON number with an integral value (3 or 3.0) is accepted. */
  LONG,
  /** A finite floating-point number. */
  DOUBLE,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /**
   * An instant: epoch milliseconds (a number) or ISO-8601 text ({@code 2026-01-31T12:00:00Z}).
   * Always checked against ingest's plausible range (by default not before 2000-01-01, where a time
   * in seconds reads as 1970, and not more than one day ahead of the job's clock; the settings
   * {@code ingest.time.earliest} and {@code ingest.time.max.future} move it).
   */
  TIMESTAMP;

  /** The spelling in a spec. */
  public String specName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Numbers a numeric feature or aggregate can use (a boolean counts as 0 or 1). */
  public boolean isNumeric() {
    return this == LONG || this == DOUBLE || this == BOOLEAN;
  }

  /** Values a categorical feature can compare or encode, as text. */
  public boolean isCategorical() {
    return this == STRING || this == LONG || this == BOOLEAN;
  }
}
