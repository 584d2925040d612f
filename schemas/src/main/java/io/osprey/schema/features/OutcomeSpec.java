package io.osprey.schema.features;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a spec's labels mean and how its events are scored before a model exists (the spec's
 * optional {@code outcome:} section). The wire names stay those of payments (a label's {@code
 * fraud}, the decisions APPROVE/REVIEW/DECLINE); a spec of another domain names its positive class
 * and its model here instead. Not part of the spec hash: it changes no feature vector.
 *
 * @param positive what a positive label means, for people ({@code fraud}, {@code anomaly}, {@code
 *     late})
 * @param model the name of the model trained on this spec, or null for the trainer's setting
 * @param prior the score the fallback gives an event no signal flags: the positive rate of the
 *     labels (e.g. 0.008), so that scores before the first model are a neutral guess
 * @param fallback the signals that score before the first model; none: every event gets the prior
 */
public record OutcomeSpec(String positive, String model, double prior, List<Signal> fallback)
    implements Serializable {

  /** A spec without an {@code outcome:} section: payments' words, no signals, a prior of 0. */
  public static final OutcomeSpec DEFAULT = new OutcomeSpec("fraud", null, 0.0, List.of());

  public OutcomeSpec {
    Objects.requireNonNull(positive, "positive");
    fallback = List.copyOf(fallback);
    if (!(prior >= 0 && prior <= 1)) {
      throw new IllegalArgumentException("prior must be in [0, 1], got " + prior);
    }
  }

  /**
   * One fallback signal: it fires when every condition holds; its reason names {@code feature}, the
   * first condition's column.
   */
  public record Signal(List<Condition> when) implements Serializable {
    public Signal {
      when = List.copyOf(when);
      if (when.isEmpty()) {
        throw new IllegalArgumentException("a signal has at least one condition");
      }
    }

    /** The column the signal's reason names. */
    public String feature() {
      return when.get(0).feature();
    }
  }

  /**
   * A bound on one single-column feature (its value after clip and transform); a value that is not
   * a number never meets it.
   *
   * @param atLeast the least value that meets it, or null
   * @param atMost the largest value that meets it, or null
   */
  public record Condition(String feature, Double atLeast, Double atMost) implements Serializable {
    public Condition {
      Objects.requireNonNull(feature, "feature");
      if (atLeast == null && atMost == null) {
        throw new IllegalArgumentException(feature + ": a condition needs atLeast or atMost");
      }
    }

    public boolean holds(double value) {
      return (atLeast == null || value >= atLeast) && (atMost == null || value <= atMost);
    }
  }
}
