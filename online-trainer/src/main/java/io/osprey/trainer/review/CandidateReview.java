package io.osprey.trainer.review;

import io.osprey.model.CalibratedModel;
import io.osprey.model.ScoringModel;
import java.util.Optional;

/**
 * Decides what becomes of a snapshot of the network: fits its calibration, moves the operating
 * threshold, and asks the {@link PromotionGate} whether it beats the champion on the hold-out. The
 * result is a {@link Review}, which also assembles the publication; no Kafka, no clock, no state of
 * its own, so every step can be tested alone.
 */
public final class CandidateReview {
  private final Calibrator calibrator;
  private final ThresholdPolicy thresholdPolicy;
  private final PromotionGate gate;

  public CandidateReview(
      Calibrator calibrator, ThresholdPolicy thresholdPolicy, PromotionGate gate) {
    this.calibrator = calibrator;
    this.thresholdPolicy = thresholdPolicy;
    this.gate = gate;
  }

  /**
   * What the review judges a candidate on.
   *
   * @param holdOut examples no candidate was trained on
   * @param windowScores the recent prequential window's raw scores (the network's, just before it
   *     learned from each example)
   * @param windowLabels their labels
   * @param threshold the threshold of the previous publication, which the policy moves from
   * @param champion the champion's scorer (calibrated, as served); null when there is none
   */
  public record Evidence(
      HoldOut holdOut,
      double[] windowScores,
      double[] windowLabels,
      OperatingThreshold threshold,
      ScoringModel champion) {}

  /**
   * Reviews {@code rawCandidate} (uncalibrated scores): calibration, then the threshold chosen on
   * the recent window's raw scores and written on the calibrated scale the scorer compares it with,
   * then the gate, which compares what scorers would serve (calibrated scores, like the
   * champion's).
   */
  public Review review(ScoringModel rawCandidate, Evidence evidence) {
    Optional<Calibrator.Fitted> calibration =
        calibrator.fit(
            rawCandidate, evidence.holdOut(), evidence.windowScores(), evidence.windowLabels());
    OperatingThreshold threshold =
        evidence
            .threshold()
            .next(
                thresholdPolicy,
                evidence.windowScores(),
                evidence.windowLabels(),
                calibration.map(Calibrator.Fitted::calibration));
    ScoringModel scorer =
        calibration
            .<ScoringModel>map(fitted -> new CalibratedModel(rawCandidate, fitted.calibration()))
            .orElse(rawCandidate);
    PromotionGate.Verdict verdict = gate.judge(scorer, evidence.champion(), evidence.holdOut());
    boolean discarded = !verdict.winner() && gate.rule().onLoss() == PromotionGate.OnLoss.DISCARD;
    return new Review(calibration, threshold, scorer, verdict, discarded);
  }
}
