package io.osprey.trainer.learning;

import io.osprey.model.dl4j.MlpShape;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A DL4J network trained for its log-odds: ReLU hidden layers and a two-unit softmax output under
 * multi-class cross-entropy, whose gradient DL4J computes as {@code p - y} directly. The one-unit
 * sigmoid output under binary cross-entropy that {@code Dl4jMlp} trains goes through the sigmoid's
 * derivative instead, which in float is 0 once a score is below about 1e-38: measured on the
 * sensors dataset, the anomalies (extreme readings) got scores of 1e-38 after the first half of the
 * stream (no anomalies) and never moved again. The fraud log-odds is {@code z1 - z0}, so a trained
 * network folds exactly into a one-unit sigmoid output ({@link EncodedNetwork}).
 *
 * <p>Inputs are already encoded ({@link QuantileEncoding}); there is no normaliser here.
 */
final class LogitNetwork {
  private final MultiLayerNetwork network;

  LogitNetwork(MlpShape shape, int inputs) {
    NeuralNetConfiguration.ListBuilder layers =
        new NeuralNetConfiguration.Builder()
            .seed(shape.seed())
            .dataType(DataType.FLOAT)
            .updater(new Adam(shape.learningRate()))
            .weightInit(WeightInit.XAVIER)
            .l2(shape.l2())
            .list();
    int previous = inputs;
    for (int units : shape.hiddenLayers()) {
      layers.layer(
          new DenseLayer.Builder().nIn(previous).nOut(units).activation(Activation.RELU).build());
      previous = units;
    }
    layers.layer(
        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nIn(previous)
            .nOut(2)
            .activation(Activation.SOFTMAX)
            .build());
    MultiLayerConfiguration configuration = layers.build();
    this.network = new MultiLayerNetwork(configuration);
    network.init();
  }

  private LogitNetwork(MultiLayerNetwork network) {
    this.network = network;
  }

  LogitNetwork copy() {
    return new LogitNetwork(network.clone());
  }

  /** The fraud log-odds of each encoded row, computed from the output layer's pre-activations. */
  double[] logits(double[][] encoded) {
    if (encoded.length == 0) {
      return new double[0];
    }
    List<INDArray> activations = network.feedForward(matrix(encoded), false);
    INDArray hidden = activations.get(activations.size() - 2);
    int out = network.getnLayers() - 1;
    INDArray w = network.getLayer(out).getParam("W");
    INDArray b = network.getLayer(out).getParam("b");
    INDArray z = hidden.mmul(w).addiRowVector(b);
    double[] logits = new double[encoded.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = z.getDouble(i, 1) - z.getDouble(i, 0);
    }
    return logits;
  }

  /**
   * One gradient step; a step that would make the loss or any parameter non-finite is undone and
   * reported as not taken (as {@code Dl4jMlp#fit} does).
   */
  boolean fit(double[][] encoded, double[] labels) {
    INDArray target = Nd4j.create(DataType.FLOAT, labels.length, 2);
    for (int i = 0; i < labels.length; i++) {
      target.putScalar(i, labels[i] >= 0.5 ? 1 : 0, 1.0);
    }
    INDArray params = network.params().dup();
    INDArray updater = network.updaterState();
    INDArray updaterBefore = updater == null ? null : updater.dup();
    int iteration = network.getIterationCount();
    network.fit(new DataSet(matrix(encoded), target));
    INDArray updaterAfter = network.updaterState();
    if (Double.isFinite(network.score())
        && !BooleanIndexing.or(network.params(), Conditions.notFinite())
        && (updaterAfter == null || !BooleanIndexing.or(updaterAfter, Conditions.notFinite()))) {
      return true;
    }
    network.setParams(params);
    if (updaterBefore != null) {
      network.updaterState().assign(updaterBefore);
    } else if (updaterAfter != null) {
      updaterAfter.assign(0);
    }
    network.setIterationCount(iteration);
    return false;
  }

  /** Layer {@code l}'s weights, {@code [inputs][outputs]}. */
  double[][] weights(int l) {
    INDArray w = network.getLayer(l).getParam("W");
    double[][] out = new double[(int) w.size(0)][(int) w.size(1)];
    for (int i = 0; i < out.length; i++) {
      for (int o = 0; o < out[i].length; o++) {
        out[i][o] = w.getDouble(i, o);
      }
    }
    return out;
  }

  double[] biases(int l) {
    INDArray b = network.getLayer(l).getParam("b");
    double[] out = new double[(int) b.length()];
    for (int o = 0; o < out.length; o++) {
      out[o] = b.getDouble(o);
    }
    return out;
  }

  int layers() {
    return network.getnLayers();
  }

  /** Overwrites layer {@code l}'s parameters (resuming from a published network). */
  void setLayer(int l, double[][] weights, double[] biases) {
    INDArray w = network.getLayer(l).getParam("W");
    INDArray b = network.getLayer(l).getParam("b");
    for (int i = 0; i < weights.length; i++) {
      for (int o = 0; o < weights[i].length; o++) {
        w.putScalar(i, o, weights[i][o]);
      }
    }
    for (int o = 0; o < biases.length; o++) {
      b.putScalar(o, biases[o]);
    }
  }

  long parameters() {
    return network.numParams();
  }

  private static INDArray matrix(double[][] rows) {
    int columns = rows[0].length;
    float[] flat = new float[rows.length * columns];
    for (int i = 0; i < rows.length; i++) {
      for (int c = 0; c < columns; c++) {
        flat[i * columns + c] = (float) rows[i][c];
      }
    }
    return Nd4j.create(flat, new long[] {rows.length, columns}, DataType.FLOAT);
  }
}
