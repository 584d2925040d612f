package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import io.osprey.model.dl4j.Dl4jMlp;

/**
 * Turns a wide-and-deep model (a linear log-odds {@code L = w·x + b} beside a {@link
 * ResidualNetwork}) into one plain ReLU network with a sigmoid output, exactly: the shape {@link
 * Dl4jMlp} publishes and every reader (DL4J, the scorer's compiled path) serves. And back, for a
 * trainer that resumes from what it published.
 *
 * <p>How: each hidden layer gets two more units, "carry" units. In the first, they are {@code
 * relu(L)} and {@code relu(-L)}; each later hidden layer copies them (weight 1, bias 0; a ReLU of a
 * non-negative value is that value); the output adds them with weights {@code +1} and {@code -1},
 * and {@code relu(L) - relu(-L) = L}. The network's two-unit output {@code z} becomes one unit with
 * weights {@code W[:,1] - W[:,0]} and bias {@code b1 - b0}. So the folded network's log-odds is
 * {@code L + a (z1 - z0)} for the deep half's weight {@code a}, the learner's own, up to float
 * rounding. The carry units are the last two of each hidden layer, which is how {@link #unfold}
 * finds them. A plain network of the deep half's own shape unfolds as that deep half beside a
 * linear part of zeros ({@link #adopt}).
 */
final class WideAndDeepFold {
  /** Units each hidden layer of a folded network has beyond the deep half's. */
  static final int CARRY = 2;

  private WideAndDeepFold() {}

  /**
   * @param wide the linear part's weights, then its bias
   * @param deepWeight what the deep half's log-odds is multiplied by
   */
  static Dl4jMlp fold(
      double[] wide, ResidualNetwork deep, double deepWeight, Normalizer normalizer) {
    int features = normalizer.size();
    int hidden = deep.hiddenLayers();
    double[][][] weights = new double[hidden + 1][][];
    double[][] biases = new double[hidden + 1][];
    for (int l = 0; l < hidden; l++) {
      double[][] w = deep.weights(ResidualNetwork.HIDDEN[l]);
      double[] b = deep.biases(ResidualNetwork.HIDDEN[l]);
      int inputs = w.length + (l == 0 ? 0 : CARRY);
      int units = b.length;
      weights[l] = new double[inputs][units + CARRY];
      biases[l] = new double[units + CARRY];
      for (int i = 0; i < w.length; i++) {
        System.arraycopy(w[i], 0, weights[l][i], 0, units);
      }
      System.arraycopy(b, 0, biases[l], 0, units);
      if (l == 0) {
        for (int f = 0; f < features; f++) {
          weights[l][f][units] = wide[f];
          weights[l][f][units + 1] = -wide[f];
        }
        biases[l][units] = wide[features];
        biases[l][units + 1] = -wide[features];
      } else {
        weights[l][w.length][units] = 1;
        weights[l][w.length + 1][units + 1] = 1;
      }
    }
    double[][] z = deep.weights(ResidualNetwork.OUT);
    double[] zb = deep.biases(ResidualNetwork.OUT);
    double[][] out = new double[z.length + CARRY][1];
    for (int i = 0; i < z.length; i++) {
      out[i][0] = deepWeight * (z[i][1] - z[i][0]);
    }
    out[z.length][0] = 1;
    out[z.length + 1][0] = -1;
    weights[hidden] = out;
    biases[hidden] = new double[] {deepWeight * (zb[1] - zb[0])};
    return Dl4jMlp.ofLayers(weights, biases, normalizer);
  }

  /**
   * Sets {@code deep} and returns the linear part (weights, then bias) from a network {@link #fold}
   * made: the carry units' first-layer weights are the linear part; the rest is the deep half. A
   * plain network of the deep half's shape is that deep half, with a linear part of zeros.
   *
   * @throws IllegalArgumentException if the network has neither the folded shape of {@code deep}
   *     nor its plain one
   */
  static double[] unfold(Dl4jMlp folded, ResidualNetwork deep) {
    int hidden = deep.hiddenLayers();
    if (folded.layerCount() != hidden + 1) {
      throw new IllegalArgumentException(
          "a folded network of " + hidden + " hidden layers has " + (hidden + 1) + " layers");
    }
    if (isPlainOf(folded, deep)) {
      return adopt(folded, deep);
    }
    double[] wide = null;
    for (int l = 0; l < hidden; l++) {
      double[][] w = folded.layerWeights(l);
      double[] b = folded.layerBiases(l);
      int units = b.length - CARRY;
      int inputs = w.length - (l == 0 ? 0 : CARRY);
      requireCarry(l, w, b, units, inputs);
      double[][] deepW = new double[inputs][units];
      for (int i = 0; i < inputs; i++) {
        System.arraycopy(w[i], 0, deepW[i], 0, units);
      }
      double[] deepB = new double[units];
      System.arraycopy(b, 0, deepB, 0, units);
      deep.setLayer(ResidualNetwork.HIDDEN[l], deepW, deepB);
      if (l == 0) {
        wide = new double[inputs + 1];
        for (int f = 0; f < inputs; f++) {
          wide[f] = w[f][units];
        }
        wide[inputs] = b[units];
      }
    }
    double[][] out = folded.layerWeights(hidden);
    double[] outB = folded.layerBiases(hidden);
    int last = out.length - CARRY;
    if (out[last][0] != 1 || out[last + 1][0] != -1) {
      throw new IllegalArgumentException("the output layer does not add the carry units");
    }
    double[][] z = new double[last][2];
    for (int i = 0; i < last; i++) {
      z[i][1] = out[i][0]; // z1 - z0 is all that matters; z0 stays 0
    }
    deep.setLayer(ResidualNetwork.OUT, z, new double[] {0, outB[0]});
    return wide;
  }

  /**
   * Whether {@code network} has exactly the deep half's layers and one output: a plain network of
   * the trainer's shape (the lake bootstrap's, a drift retrain's, an MLP learner's), not a folded
   * one, which has {@link #CARRY} more units in every hidden layer.
   */
  private static boolean isPlainOf(Dl4jMlp network, ResidualNetwork deep) {
    for (int l = 0; l < deep.hiddenLayers(); l++) {
      if (network.layerBiases(l).length != deep.biases(ResidualNetwork.HIDDEN[l]).length) {
        return false;
      }
    }
    return network.layerBiases(deep.hiddenLayers()).length == 1;
  }

  /**
   * Takes a plain network as the deep half whole, beside a linear part of zeros: the learner then
   * scores as the network did and goes on learning from it (a bootstrap's network stays the start
   * of online learning, as it is for the MLP learner).
   */
  private static double[] adopt(Dl4jMlp plain, ResidualNetwork deep) {
    int hidden = deep.hiddenLayers();
    for (int l = 0; l < hidden; l++) {
      deep.setLayer(ResidualNetwork.HIDDEN[l], plain.layerWeights(l), plain.layerBiases(l));
    }
    double[][] out = plain.layerWeights(hidden);
    double[][] z = new double[out.length][2];
    for (int i = 0; i < out.length; i++) {
      z[i][1] = out[i][0];
    }
    deep.setLayer(ResidualNetwork.OUT, z, new double[] {0, plain.layerBiases(hidden)[0]});
    return new double[plain.layerWeights(0).length + 1];
  }

  /**
   * A plain network (say, one the lake bootstrap trained) has no carry units, and reading two of
   * its units as such would be wrong: the carry units' exact pattern is required, {@code ±} the
   * same weights in the first layer, a bare copy in the later ones.
   */
  private static void requireCarry(int l, double[][] w, double[] b, int units, int inputs) {
    boolean carry = true;
    if (l == 0) {
      carry = b[units + 1] == -b[units];
      for (int i = 0; i < inputs; i++) {
        carry &= w[i][units + 1] == -w[i][units];
      }
    } else {
      carry = b[units] == 0 && b[units + 1] == 0;
      for (int i = 0; i < w.length; i++) {
        carry &= w[i][units] == (i == inputs ? 1 : 0);
        carry &= w[i][units + 1] == (i == inputs + 1 ? 1 : 0);
      }
      for (int o = 0; o < units; o++) {
        carry &= w[inputs][o] == 0 && w[inputs + 1][o] == 0;
      }
    }
    if (!carry) {
      throw new IllegalArgumentException("hidden layer " + l + " has no carry units");
    }
  }
}
