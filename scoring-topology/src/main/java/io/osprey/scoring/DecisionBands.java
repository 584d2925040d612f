package io.osprey.scoring;

/**
 * Turns a score into APPROVE, REVIEW or DECLINE: DECLINE at or above {@code declineFrom}, REVIEW at
 * or above {@code reviewFrom}, APPROVE below.
 */
public record DecisionBands(double reviewFrom, double declineFrom) {
  public static final String APPROVE = "APPROVE";
  public static final String REVIEW = "REVIEW";
  public static final String DECLINE = "DECLINE";

  public DecisionBands {
    if (reviewFrom > declineFrom) {
      throw new IllegalArgumentException("review band starts above the decline threshold");
    }
  }

  /** A model's bands: its envelope threshold, with a review band of {@code width} below it. */
  public static DecisionBands belowThreshold(double threshold, double width) {
    return new DecisionBands(Math.max(0.0, threshold - width), threshold);
  }

  public String decide(double score) {
    if (score >= declineFrom) {
      return DECLINE;
    }
    return score >= reviewFrom ? REVIEW : APPROVE;
  }

  public static boolean flagged(String decision) {
    return !APPROVE.equals(decision);
  }
}
