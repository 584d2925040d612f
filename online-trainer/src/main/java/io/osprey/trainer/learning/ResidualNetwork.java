package io.osprey.trainer.learning;

import io.osprey.model.dl4j.MlpShape;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The deep half of {@link WideAndDeepLearner}: a DL4J network of ReLU layers whose output is added
 * to a log-odds it is given (the wide half's), so that it learns only what the wide half misses.
 *
 * <p>Graph: inputs {@code x} (normalised features) and {@code offset} ({@code [0, wide logit]} per
 * row); hidden ReLU layers on {@code x}; a two-unit identity layer {@code z}; {@code z + offset}
 * into softmax with multi-class cross-entropy. The fraud log-odds is {@code z1 - z0 + offset}, and
 * DL4J's gradient for softmax cross-entropy is {@code p - y} itself, so a row the model scores near
 * 0 or 1 still gets a gradient (a sigmoid output under binary cross-entropy loses it to the
 * sigmoid's derivative in float). The two-unit layer starts at zero weights: a new network adds
 * nothing, and the learner starts as its wide half.
 */
final class ResidualNetwork {
  static final String[] HIDDEN = {"h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7"};
  static final String OUT = "z";

  private final ComputationGraph graph;
  private final int hiddenLayers;

  ResidualNetwork(MlpShape shape, int inputs) {
    if (shape.hiddenLayers().size() > HIDDEN.length) {
      throw new IllegalArgumentException("at most " + HIDDEN.length + " hidden layers");
    }
    ComputationGraphConfiguration.GraphBuilder builder =
        new NeuralNetConfiguration.Builder()
            .seed(shape.seed())
            .dataType(DataType.FLOAT)
            .updater(new Adam(shape.learningRate()))
            .weightInit(WeightInit.XAVIER)
            .l2(shape.l2())
            .graphBuilder()
            .addInputs("x", "offset");
    String previous = "x";
    int width = inputs;
    for (int l = 0; l < shape.hiddenLayers().size(); l++) {
      int units = shape.hiddenLayers().get(l);
      builder.addLayer(
          HIDDEN[l],
          new DenseLayer.Builder().nIn(width).nOut(units).activation(Activation.RELU).build(),
          previous);
      previous = HIDDEN[l];
      width = units;
    }
    builder
        .addLayer(
            OUT,
            new DenseLayer.Builder()
                .nIn(width)
                .nOut(2)
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.ZERO)
                .build(),
            previous)
        .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), OUT, "offset")
        .addLayer(
            "loss",
            new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .build(),
            "sum")
        .setOutputs("loss");
    this.graph = new ComputationGraph(builder.build());
    graph.init();
    this.hiddenLayers = shape.hiddenLayers().size();
  }

  private ResidualNetwork(ComputationGraph graph, int hiddenLayers) {
    this.graph = graph;
    this.hiddenLayers = hiddenLayers;
  }

  ResidualNetwork copy() {
    return new ResidualNetwork(graph.clone(), hiddenLayers);
  }

  /** What the network adds to the log-odds of each normalised row. */
  double[] logits(float[][] rows) {
    if (rows.length == 0) {
      return new double[0];
    }
    INDArray x = matrix(rows);
    Map<String, INDArray> activations =
        graph.feedForward(new INDArray[] {x, Nd4j.zeros(DataType.FLOAT, rows.length, 2)}, false);
    INDArray z = activations.get(OUT);
    double[] logits = new double[rows.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = z.getDouble(i, 1) - z.getDouble(i, 0);
    }
    return logits;
  }

  /**
   * One gradient step on rows whose log-odds is this network's plus {@code offsets}; a step that
   * would make the loss or a parameter or an Adam moment non-finite is undone and reported as not
   * taken.
   */
  boolean fit(float[][] rows, double[] offsets, double[] labels) {
    INDArray offset = Nd4j.zeros(DataType.FLOAT, rows.length, 2);
    INDArray target = Nd4j.zeros(DataType.FLOAT, rows.length, 2);
    for (int i = 0; i < rows.length; i++) {
      offset.putScalar(i, 1, offsets[i]);
      target.putScalar(i, labels[i] >= 0.5 ? 1 : 0, 1.0);
    }
    INDArray params = graph.params().dup();
    INDArray updater = graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
    INDArray updaterBefore = updater == null ? null : updater.dup();
    int iteration = graph.getConfiguration().getIterationCount();
    graph.fit(new MultiDataSet(new INDArray[] {matrix(rows), offset}, new INDArray[] {target}));
    INDArray updaterAfter = graph.getUpdater().getStateViewArray();
    if (Double.isFinite(graph.score())
        && !BooleanIndexing.or(graph.params(), Conditions.notFinite())
        && (updaterAfter == null || !BooleanIndexing.or(updaterAfter, Conditions.notFinite()))) {
      return true;
    }
    graph.setParams(params);
    if (updaterBefore != null) {
      updaterAfter.assign(updaterBefore);
    } else if (updaterAfter != null) {
      updaterAfter.assign(0);
    }
    graph.getConfiguration().setIterationCount(iteration);
    return false;
  }

  int hiddenLayers() {
    return hiddenLayers;
  }

  /** Layer {@code name}'s weights, {@code [inputs][outputs]}. */
  double[][] weights(String name) {
    INDArray w = graph.getLayer(name).getParam("W");
    double[][] out = new double[(int) w.size(0)][(int) w.size(1)];
    for (int i = 0; i < out.length; i++) {
      for (int o = 0; o < out[i].length; o++) {
        out[i][o] = w.getDouble(i, o);
      }
    }
    return out;
  }

  double[] biases(String name) {
    INDArray b = graph.getLayer(name).getParam("b");
    double[] out = new double[(int) b.length()];
    for (int o = 0; o < out.length; o++) {
      out[o] = b.getDouble(o);
    }
    return out;
  }

  /** Overwrites layer {@code name}'s parameters (resuming from a published network). */
  void setLayer(String name, double[][] weights, double[] biases) {
    INDArray w = graph.getLayer(name).getParam("W");
    INDArray b = graph.getLayer(name).getParam("b");
    if (w.size(0) != weights.length
        || w.size(1) != weights[0].length
        || b.length() != biases.length) {
      throw new IllegalArgumentException("layer " + name + " has another shape");
    }
    for (int i = 0; i < weights.length; i++) {
      for (int o = 0; o < weights[i].length; o++) {
        w.putScalar(i, o, weights[i][o]);
      }
    }
    for (int o = 0; o < biases.length; o++) {
      b.putScalar(o, biases[o]);
    }
  }

  /** Multiplies what the network adds to the log-odds by {@code factor} (its last layer). */
  void scaleOutput(double factor) {
    graph.getLayer(OUT).getParam("W").muli(factor);
    graph.getLayer(OUT).getParam("b").muli(factor);
  }

  long parameters() {
    return graph.numParams();
  }

  private static INDArray matrix(float[][] rows) {
    int columns = rows[0].length;
    float[] flat = new float[rows.length * columns];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * columns, columns);
    }
    return Nd4j.create(flat, new long[] {rows.length, columns}, DataType.FLOAT);
  }
}
