package io.osprey.model.testing;

import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;
import java.util.function.ToDoubleFunction;

/**
 * A model that is a function of the raw features, for tests of what is decided from scores
 * (promotion, calibration, thresholds) rather than of an engine: no payload, no normalisation.
 */
public record FunctionModel(int width, ToDoubleFunction<double[]> function)
    implements ScoringModel {

  /** A model of {@code width} features that scores each row with {@code function}. */
  public static ScoringModel of(int width, ToDoubleFunction<double[]> function) {
    return new FunctionModel(width, function);
  }

  @Override
  public double score(double[] features) {
    return function.applyAsDouble(features);
  }

  @Override
  public String format() {
    return "test";
  }

  @Override
  public byte[] payload() {
    return new byte[0];
  }

  @Override
  public Normalizer normalizer() {
    return Normalizer.identity(width);
  }

  @Override
  public String describe() {
    return "test";
  }
}
