package io.osprey.model;

/**
 * A model whose scores pass through a {@link PlattCalibration}: what {@link
 * ModelEnvelopes#openForScoring} hands the scorer when the envelope carries one, so every score
 * (and every leave-one-out explanation built from scores) is a calibrated probability without the
 * scorer knowing. The calibration costs a logarithm and an exponential per score.
 *
 * <p>The payload and normaliser are the underlying model's: calibration travels in the envelope
 * next to them, never inside the network, so a trainer resuming from the payload trains the raw
 * network.
 */
public final class CalibratedModel implements ScoringModel {
  private final ScoringModel raw;
  private final PlattCalibration calibration;

  public CalibratedModel(ScoringModel raw, PlattCalibration calibration) {
    this.raw = raw;
    this.calibration = calibration;
  }

  @Override
  public double score(double[] features) {
    return calibration.apply(raw.score(features));
  }

  @Override
  public double[] scoreAll(double[][] features) {
    double[] scores = raw.scoreAll(features);
    for (int i = 0; i < scores.length; i++) {
      scores[i] = calibration.apply(scores[i]);
    }
    return scores;
  }

  /** The model before calibration. */
  public ScoringModel raw() {
    return raw;
  }

  public PlattCalibration calibration() {
    return calibration;
  }

  @Override
  public String format() {
    return raw.format();
  }

  @Override
  public byte[] payload() {
    return raw.payload();
  }

  @Override
  public Normalizer normalizer() {
    return raw.normalizer();
  }

  @Override
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%s, Platt-calibrated (slope %.4f, intercept %.4f)",
        raw.describe(),
        calibration.slope(),
        calibration.intercept());
  }
}
