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

  /**
   * The benchmarks' large network: 8 inputs give 8-160-160-1, 27,361 parameters, about the model
   * size of the Crayfish streaming-inference benchmark (EDBT 2024), where Kafka Streams with
   * embedded ONNX reached about 3,155 events/s at parallelism 2. Otherwise as {@link #DEFAULT}.
   */
  public static final MlpShape CRAYFISH =
      new MlpShape(List.of(160, 160), DEFAULT.learningRate(), DEFAULT.l2(), DEFAULT.seed());

  public MlpShape {
    hiddenLayers = List.copyOf(hiddenLayers);
    if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(units -> units < 1)) {
      throw new IllegalArgumentException("hidden layers must be non-empty and positive");
    }
  }
}
