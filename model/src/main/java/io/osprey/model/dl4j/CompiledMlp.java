package io.osprey.model.dl4j;

import io.osprey.model.ModelException;
import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;
import java.util.function.DoubleUnaryOperator;
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
  private final double[][][] weights; // [layer][input][output]
  private final double[][] biases; // [layer][output]
  private final DoubleUnaryOperator[] activations;
  private final int widest;

  CompiledMlp(Dl4jMlp source, MultiLayerNetwork network, Normalizer normalizer) {
    this.source = source;
    this.normalizer = normalizer;
    int layers = network.getnLayers();
    this.weights = new double[layers][][];
    this.biases = new double[layers][];
    this.activations = new DoubleUnaryOperator[layers];
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
      weights[l] = new double[inputs][outputs];
      for (int i = 0; i < inputs; i++) {
        for (int o = 0; o < outputs; o++) {
          weights[l][i][o] = w.getDouble(i, o);
        }
      }
      biases[l] = new double[outputs];
      for (int o = 0; o < outputs; o++) {
        biases[l][o] = b.getDouble(o);
      }
      activations[l] = activation(l, layer);
      widest = Math.max(widest, outputs);
    }
    this.widest = widest;
  }

  private static DoubleUnaryOperator activation(int index, Layer layer) {
    if (!(layer.conf().getLayer() instanceof FeedForwardLayer feedForward)) {
      throw new ModelException("layer " + index + " is not feed-forward; cannot compile");
    }
    IActivation fn = feedForward.getActivationFn();
    if (fn instanceof ActivationReLU) {
      return x -> x > 0 ? x : 0;
    }
    if (fn instanceof ActivationSigmoid) {
      return x -> 1.0 / (1.0 + Math.exp(-x));
    }
    if (fn instanceof ActivationTanH) {
      return Math::tanh;
    }
    if (fn instanceof ActivationIdentity) {
      return x -> x;
    }
    throw new ModelException("activation " + fn + " of layer " + index + " cannot be compiled");
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
    for (int l = 0; l < weights.length; l++) {
      double[][] w = weights[l];
      double[] b = biases[l];
      for (int o = 0; o < b.length; o++) {
        double sum = b[o];
        for (int i = 0; i < w.length; i++) {
          sum += current[i] * w[i][o];
        }
        next[o] = activations[l].applyAsDouble(sum);
      }
      double[] swap = current;
      current = next;
      next = swap;
    }
    return current[0];
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
