package io.osprey.schema.features;

/**
 * A feature spec that cannot be used, with the file and line of the problem: {@code flights.yaml
 * line 14: feature 'origin_count': window must be positive, got '0h'}. Thrown at start-up, before
 * anything runs.
 */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  public SpecException(String source, int line, String problem) {
    super(source + (line > 0 ? " line " + line : "") + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The spec file (or {@code builtin:NAME}) the problem is in. */
  public String source() {
    return source;
  }

  /** 1-based line of the problem; 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
