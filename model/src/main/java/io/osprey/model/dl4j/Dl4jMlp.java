package io.osprey.model.dl4j;

import io.osprey.model.ModelException;
import io.osprey.model.Normalizer;
import io.osprey.model.ScoringModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
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
 * A Deeplearning4j multi-layer perceptron with its normaliser. The payload is DL4J's own zip format
 * (configuration, parameters and updater state), so a published model can be trained further; it is
 * read back by {@link MlpPayloadReader}, never by DL4J's loader (which deserializes Java objects).
 */
public final class Dl4jMlp implements ScoringModel {
  public static final String FORMAT = "dl4j-multilayer-zip";

  private final MultiLayerNetwork network;
  private Normalizer normalizer;

  private Dl4jMlp(MultiLayerNetwork network, Normalizer normalizer) {
    this.network = network;
    this.normalizer = normalizer;
  }

  /** A new, untrained network for {@code inputs} features. */
  public static Dl4jMlp create(MlpShape shape, int inputs) {
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
        new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
            .nIn(previous)
            .nOut(1)
            .activation(Activation.SIGMOID)
            .build());
    MultiLayerConfiguration configuration = layers.build();
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    return new Dl4jMlp(network, Normalizer.identity(inputs));
  }

  /**
   * A network of the shape {@link #create} makes (ReLU hidden layers, one sigmoid output) with the
   * given parameters and normaliser: how a trainer that learns in another form (a linear part
   * beside a network) publishes what it learned, so every reader of the payload (DL4J, {@link
   * CompiledMlp}) serves it unchanged. The updater state starts empty.
   *
   * @param weights per layer {@code [inputs][outputs]}, input side first; the last has one output
   * @param biases per layer {@code [outputs]}
   */
  public static Dl4jMlp ofLayers(double[][][] weights, double[][] biases, Normalizer normalizer) {
    int layers = weights.length;
    if (layers < 2 || biases.length != layers || weights[layers - 1][0].length != 1) {
      throw new IllegalArgumentException("need hidden layers and a one-unit output layer");
    }
    java.util.List<Integer> hidden = new java.util.ArrayList<>();
    for (int l = 0; l < layers - 1; l++) {
      hidden.add(weights[l][0].length);
    }
    Dl4jMlp mlp =
        create(
            new MlpShape(hidden, MlpShape.DEFAULT.learningRate(), 0, MlpShape.DEFAULT.seed()),
            weights[0].length);
    for (int l = 0; l < layers; l++) {
      INDArray w = mlp.network.getLayer(l).getParam("W");
      INDArray b = mlp.network.getLayer(l).getParam("b");
      if (w.size(0) != weights[l].length || b.length() != biases[l].length) {
        throw new IllegalArgumentException("layer " + l + " does not chain with the one before");
      }
      for (int i = 0; i < weights[l].length; i++) {
        for (int o = 0; o < weights[l][i].length; o++) {
          w.putScalar(i, o, weights[l][i][o]);
        }
      }
      for (int o = 0; o < biases[l].length; o++) {
        b.putScalar(o, biases[l][o]);
      }
    }
    mlp.setNormalizer(normalizer);
    return mlp;
  }

  /** Layer {@code l}'s weights, {@code [inputs][outputs]} (a copy). */
  public double[][] layerWeights(int l) {
    INDArray w = network.getLayer(l).getParam("W");
    double[][] out = new double[(int) w.size(0)][(int) w.size(1)];
    for (int i = 0; i < out.length; i++) {
      for (int o = 0; o < out[i].length; o++) {
        out[i][o] = w.getDouble(i, o);
      }
    }
    return out;
  }

  /** Layer {@code l}'s biases (a copy). */
  public double[] layerBiases(int l) {
    INDArray b = network.getLayer(l).getParam("b");
    double[] out = new double[(int) b.length()];
    for (int o = 0; o < out.length; o++) {
      out[o] = b.getDouble(o);
    }
    return out;
  }

  /** Dense layers, the output layer included. */
  public int layerCount() {
    return network.getnLayers();
  }

  /**
   * Caps the threads ND4J uses for each native operation, for the whole JVM ({@code threads < 1}
   * leaves ND4J's default: one per core). A small network's operations are far too short to gain
   * from splitting across threads, and on a busy machine every parallel operation waits for its
   * slowest thread to be scheduled: measured on a loaded 2-core machine, one thread trained the
   * default network 7 to 13 times faster than two (online-trainer README, benchmark).
   */
  public static void limitNativeThreads(int threads) {
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }
  }

  /** Restores a model from an envelope's payload and normaliser. */
  public static Dl4jMlp fromPayload(byte[] payload, Normalizer normalizer) {
    try {
      MultiLayerNetwork network = MlpPayloadReader.read(payload);
      long inputs = network.layerInputSize(0);
      if (inputs != normalizer.size()) {
        throw new ModelException(
            "network expects " + inputs + " inputs, normaliser has " + normalizer.size());
      }
      return new Dl4jMlp(network, normalizer);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ModelException modelException) {
        throw modelException;
      }
      throw new ModelException("payload is not a loadable DL4J network: " + e.getMessage(), e);
    }
  }

  @Override
  public double score(double[] features) {
    float[] row = new float[features.length];
    normalizer.apply(features, row);
    INDArray input = Nd4j.create(row, new long[] {1, row.length}, DataType.FLOAT);
    return network.output(input, false).getDouble(0);
  }

  @Override
  public double[] scoreAll(double[][] features) {
    if (features.length == 0) {
      return new double[0];
    }
    INDArray input = normalised(features);
    INDArray output = network.output(input, false);
    double[] scores = new double[features.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = output.getDouble(i, 0);
    }
    return scores;
  }

  /**
   * One gradient step on a mini-batch; {@code labels[i]} is 1 for fraud.
   *
   * <p>Class weights are the caller's business (repeat a row to weigh it more). DL4J's per-example
   * label mask is no substitute: measured on 1.0.0-M2.1, a mask value of 4 also multiplies the
   * sigmoid output by 4 in the training forward pass, so it is not a loss weight.
   *
   * <p>A step must not poison the network: when the loss comes out NaN or infinite, or any weight
   * or updater moment stops being finite, the weights, the updater state and the iteration count
   * are restored to what they were before the step, which is then reported as not taken. The copy
   * costs one pass over the parameters per step (a few thousand floats for the default network).
   *
   * @return whether the step was taken
   */
  public boolean fit(double[][] features, double[] labels) {
    INDArray input = normalised(features);
    INDArray target = Nd4j.create(DataType.FLOAT, labels.length, 1);
    for (int i = 0; i < labels.length; i++) {
      target.putScalar(i, 0, labels[i]);
    }
    INDArray params = network.params().dup();
    INDArray updater = network.updaterState();
    INDArray updaterBefore = updater == null ? null : updater.dup();
    int iteration = network.getIterationCount();
    network.fit(new DataSet(input, target));
    INDArray updaterAfter = network.updaterState();
    if (Double.isFinite(network.score())
        && finite(network.params())
        && (updaterAfter == null || finite(updaterAfter))) {
      return true;
    }
    network.setParams(params);
    if (updaterBefore != null) {
      network.updaterState().assign(updaterBefore);
    } else if (updaterAfter != null) {
      // The first step created the state: start it again from zero.
      updaterAfter.assign(0);
    }
    network.setIterationCount(iteration);
    return false;
  }

  private static boolean finite(INDArray values) {
    return !BooleanIndexing.or(values, Conditions.notFinite());
  }

  /**
   * Adds {@code delta} to the output unit's pre-activation (its bias), which turns every score
   * {@code p} into {@code sigmoid(logit(p) + delta)}. This is how a prior correction is baked into
   * the weights, so every reader of the payload (DL4J, {@link CompiledMlp}) scores the corrected
   * probability without knowing about it. Shifting by {@code -delta} undoes it exactly (up to float
   * rounding).
   */
  public void shiftOutputLogit(double delta) {
    if (delta == 0) {
      return;
    }
    INDArray bias = network.getLayer(network.getnLayers() - 1).getParam("b");
    bias.addi(delta);
  }

  /** Replaces the normaliser (the trainer refits it online). */
  public void setNormalizer(Normalizer normalizer) {
    if (normalizer.size() != this.normalizer.size()) {
      throw new IllegalArgumentException("normaliser size changed");
    }
    this.normalizer = normalizer;
  }

  @Override
  public Normalizer normalizer() {
    return normalizer;
  }

  /** The same network as a plain-Java evaluator for fast single-row scoring. */
  public CompiledMlp compile() {
    return new CompiledMlp(this, network, normalizer);
  }

  /** A deep copy, e.g. to publish a snapshot while training goes on. */
  public Dl4jMlp copy() {
    return new Dl4jMlp(network.clone(), normalizer);
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public byte[] payload() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ModelSerializer.writeModel(network, out, true);
    } catch (IOException e) {
      throw new ModelException("cannot serialize network", e);
    }
    return out.toByteArray();
  }

  @Override
  public String describe() {
    return "DL4J MLP "
        + network.layerInputSize(0)
        + "-"
        + hiddenSizes()
        + "-1, "
        + network.numParams()
        + " parameters";
  }

  private String hiddenSizes() {
    StringBuilder sizes = new StringBuilder();
    for (int i = 0; i < network.getnLayers() - 1; i++) {
      sizes.append(i == 0 ? "" : "-").append(network.layerSize(i));
    }
    return sizes.toString();
  }

  private INDArray normalised(double[][] features) {
    int columns = normalizer.size();
    float[] flat = new float[features.length * columns];
    float[] row = new float[columns];
    for (int i = 0; i < features.length; i++) {
      normalizer.apply(features[i], row);
      System.arraycopy(row, 0, flat, i * columns, columns);
    }
    return Nd4j.create(flat, new long[] {features.length, columns}, DataType.FLOAT);
  }
}
