package io.osprey.sources.replay;

/** A replay that cannot go on, with a message for the person who started it. */
public final class ReplayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplayException(String message) {
    super(message);
  }
}
