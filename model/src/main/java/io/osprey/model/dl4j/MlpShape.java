package io.osprey.model.dl4j;

import java.util.List;

/**
 * The network shape and optimiser of a feed-forward fraud model: dense ReLU hidden layers, one
 * sigmoid output trained with binary cross-entropy, Adam updates.
 *
 * @param hiddenLayers units per hidden layer, input side first
 * @param learningRate Adam's step size
 * @param l2 weight decay on every layer
 * @param seed makes initial weights reproducible
 */
public record MlpShape(List<Integer> hiddenLayers, double learningRate, double l2, long seed) {
  /** Two small layers: enough for the built-in features, cheap to score (under 1k parameters). */
  public static final MlpShape DEFAULT = new MlpShape(List.of(32, 16), 0.005, 1e-4, 42);

  public MlpShape {
    hiddenLayers = List.copyOf(hiddenLayers);
    if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(units -> units < 1)) {
      throw new IllegalArgumentException("hidden layers must be non-empty and positive");
    }
  }
}
