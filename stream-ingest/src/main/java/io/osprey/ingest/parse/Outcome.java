package io.osprey.ingest.parse;

import io.osprey.ingest.model.Rejected;

/** The result of parsing one record: a value, or the dead letter that says why there is none. */
public record Outcome<T>(T value, Rejected rejected) {
  public static <T> Outcome<T> ok(T value) {
    return new Outcome<>(value, null);
  }

  public static <T> Outcome<T> rejected(Rejected rejected) {
    return new Outcome<>(null, rejected);
  }

  public boolean isOk() {
    return rejected == null;
  }
}
