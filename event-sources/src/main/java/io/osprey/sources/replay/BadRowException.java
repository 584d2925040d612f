package io.osprey.sources.replay;

/**
 * A row the replay skips: a missing value, a number that is not one, a time it cannot read. It is
 * counted and reported, never fatal: the replay produces test data, it does not validate it.
 */
public final class BadRowException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadRowException(String reason) {
    // No stack trace: bad rows are expected input, and a real file may hold many of them.
    super(reason, null, false, false);
  }
}
