package io.osprey.model.dl4j;

import io.osprey.model.ModelException;
import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J feed-forward network compiled to plain Java arrays for scoring one row at a time.
 *
 * <p>Why: a single-row DL4J {@code output()} call pays ND4J's per-op overhead (native shape
 * buffers, workspace bookkeeping) of a few hundred microseconds, far more than the arithmetic of a
 * small MLP. The scorer's hot path therefore runs this evaluator, built once per model version from
 * the same weights; DL4J stays the format on the wire and the engine for training. Only the layer
 * types and activations the trainer produces are supported; anything else is refused at load time,
 * never silently approximated.
 */
public final class CompiledMlp implements ScoringModel {
  private final Dl4jMlp source;
  private final Normalizer normalizer;
  // Per layer, the weights flattened input-major: weights[l][i * outputs + o] is DL4J's W(i, o).
  // Scoring walks each input's row of outputs contiguously (an "axpy" per input), a loop the JIT
  // vectorises; the textbook dot product per output strides across rows and is several times
  // slower on the 160-wide layers of a 27k-parameter network.
  private final double[][] weights;
  private final double[][] biases; // [layer][output]
  private final UnitActivation[] activations;
  private final int widest;

  CompiledMlp(Dl4jMlp source, MultiLayerNetwork network, Normalizer normalizer) {
    this.source = source;
    this.normalizer = normalizer;
    int layers = network.getnLayers();
    this.weights = new double[layers][];
    this.biases = new double[layers][];
    this.activations = new UnitActivation[layers];
    int widest = normalizer.size();
    for (int l = 0; l < layers; l++) {
      Layer layer = network.getLayer(l);
      INDArray w = layer.getParam("W");
      INDArray b = layer.getParam("b");
      if (w == null || b == null || w.rank() != 2) {
        throw new ModelException("layer " + l + " is not a dense layer; cannot compile");
      }
      int inputs = (int) w.size(0);
      int outputs = (int) w.size(1);
      weights[l] = new double[inputs * outputs];
      for (int i = 0; i < inputs; i++) {
        for (int o = 0; o < outputs; o++) {
          weights[l][i * outputs + o] = finite(w.getDouble(i, o), l);
        }
      }
      biases[l] = new double[outputs];
      for (int o = 0; o < outputs; o++) {
        biases[l][o] = finite(b.getDouble(o), l);
      }
      activations[l] = UnitActivation.of(l, layer);
      widest = Math.max(widest, outputs);
    }
    this.widest = widest;
  }

  /**
   * Refuses a network with NaN or infinite parameters: DL4J would score NaN for every row, and the
   * evaluator's skipping of zero inputs (exact only for finite weights) would hide it.
   */
  private static double finite(double parameter, int layer) {
    if (!Double.isFinite(parameter)) {
      throw new ModelException("layer " + layer + " has a non-finite parameter; cannot compile");
    }
    return parameter;
  }

  @Override
  public double score(double[] features) {
    float[] normalised = new float[features.length];
    normalizer.apply(features, normalised);
    double[] current = new double[widest];
    double[] next = new double[widest];
    for (int i = 0; i < normalised.length; i++) {
      current[i] = normalised[i];
    }
    int width = normalised.length;
    for (int l = 0; l < weights.length; l++) {
      double[] w = weights[l];
      double[] b = biases[l];
      int outputs = b.length;
      System.arraycopy(b, 0, next, 0, outputs);
      for (int i = 0; i < width; i++) {
        double x = current[i];
        if (x == 0) {
          continue; // a ReLU unit that is off: about half of every hidden layer
        }
        int row = i * outputs;
        for (int o = 0; o < outputs; o++) {
          next[o] += x * w[row + o];
        }
      }
      activations[l].applyInPlace(next, outputs);
      double[] swap = current;
      current = next;
      next = swap;
      width = outputs;
    }
    return current[0];
  }

  /** The activations the trainer's layers use, applied to the first {@code n} units. */
  private enum UnitActivation {
    RELU,
    SIGMOID,
    TANH,
    IDENTITY;

    static UnitActivation of(int index, Layer layer) {
      if (!(layer.conf().getLayer() instanceof FeedForwardLayer feedForward)) {
        throw new ModelException("layer " + index + " is not feed-forward; cannot compile");
      }
      IActivation fn = feedForward.getActivationFn();
      if (fn instanceof ActivationReLU) {
        return RELU;
      }
      if (fn instanceof ActivationSigmoid) {
        return SIGMOID;
      }
      if (fn instanceof ActivationTanH) {
        return TANH;
      }
      if (fn instanceof ActivationIdentity) {
        return IDENTITY;
      }
      throw new ModelException("activation " + fn + " of layer " + index + " cannot be compiled");
    }

    void applyInPlace(double[] units, int n) {
      switch (this) {
        case RELU -> {
          for (int i = 0; i < n; i++) {
            units[i] = units[i] > 0 ? units[i] : 0;
          }
        }
        case SIGMOID -> {
          for (int i = 0; i < n; i++) {
            units[i] = 1.0 / (1.0 + Math.exp(-units[i]));
          }
        }
        case TANH -> {
          for (int i = 0; i < n; i++) {
            units[i] = Math.tanh(units[i]);
          }
        }
        case IDENTITY -> {}
      }
    }
  }

  @Override
  public String format() {
    return source.format();
  }

  @Override
  public byte[] payload() {
    return source.payload();
  }

  @Override
  public Normalizer normalizer() {
    return normalizer;
  }

  @Override
  public String describe() {
    return source.describe() + " (compiled to plain Java for scoring)";
  }
}
