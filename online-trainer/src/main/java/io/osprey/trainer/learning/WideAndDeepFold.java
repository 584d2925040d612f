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
 *
 * <p>A learner whose deep half is bounded ({@code a (z1 - z0)} clamped to {@code ±B}) folds with
 * one more hidden layer of four units: {@code relu(d + B)}, {@code relu(d - B)} for the deep half's
 * weighted log-odds {@code d}, and the two carry units copied; the output adds {@code relu(d + B) -
 * relu(d - B) - B}, which is {@code d} clamped to {@code ±B}, and the carried {@code L}. Still a
 * plain ReLU network, so every reader serves it unchanged.
 */
final class WideAndDeepFold {
  /** Units each hidden layer of a folded network has beyond the deep half's. */
  static final int CARRY = 2;

  private WideAndDeepFold() {}

  /**
   * What a published network holds besides the deep half: the linear part (weights, then bias) and
   * the bound on the deep half ({@link Double#POSITIVE_INFINITY} for a network folded without one,
   * and for a plain network, which is all deep half and was never bounded).
   */
  record Unfolded(double[] wide, double bound) {}

  /** Units of the bounding layer: {@code relu(d + B)}, {@code relu(d - B)} and the two carries. */
  static final int BOUND_UNITS = 4;

  /**
   * @param wide the linear part's weights, then its bias
   * @param deepWeight what the deep half's log-odds is multiplied by
   * @param bound the most the weighted deep half adds to or takes from the log-odds ({@link
   *     Double#POSITIVE_INFINITY}: unbounded, no bounding layer)
   */
  static Dl4jMlp fold(
      double[] wide, ResidualNetwork deep, double deepWeight, double bound, Normalizer normalizer) {
    int features = normalizer.size();
    int hidden = deep.hiddenLayers();
    boolean bounded = Double.isFinite(bound);
    int layers = hidden + (bounded ? 2 : 1);
    double[][][] weights = new double[layers][][];
    double[][] biases = new double[layers][];
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
    double[] logit = new double[z.length]; // the weighted deep log-odds per last hidden unit
    for (int i = 0; i < z.length; i++) {
      logit[i] = deepWeight * (z[i][1] - z[i][0]);
    }
    double logitBias = deepWeight * (zb[1] - zb[0]);
    if (!bounded) {
      weights[hidden] = column(logit, 1, -1);
      biases[hidden] = new double[] {logitBias};
      return Dl4jMlp.ofLayers(weights, biases, normalizer);
    }
    double[][] clamp = new double[z.length + CARRY][BOUND_UNITS];
    for (int i = 0; i < z.length; i++) {
      clamp[i][0] = logit[i];
      clamp[i][1] = logit[i];
    }
    clamp[z.length][2] = 1;
    clamp[z.length + 1][3] = 1;
    weights[hidden] = clamp;
    biases[hidden] = new double[] {logitBias + bound, logitBias - bound, 0, 0};
    weights[hidden + 1] = new double[][] {{1}, {-1}, {1}, {-1}};
    biases[hidden + 1] = new double[] {-bound};
    return Dl4jMlp.ofLayers(weights, biases, normalizer);
  }

  /** One output unit: {@code values}, then the two carries at {@code plus} and {@code minus}. */
  private static double[][] column(double[] values, double plus, double minus) {
    double[][] out = new double[values.length + CARRY][1];
    for (int i = 0; i < values.length; i++) {
      out[i][0] = values[i];
    }
    out[values.length][0] = plus;
    out[values.length + 1][0] = minus;
    return out;
  }

  /**
   * Sets {@code deep} and returns the linear part (weights, then bias) from a network {@link #fold}
   * made: the carry units' first-layer weights are the linear part; the rest is the deep half. A
   * plain network of the deep half's shape is that deep half, with a linear part of zeros.
   *
   * @throws IllegalArgumentException if the network has neither the folded shape of {@code deep}
   *     nor its plain one
   */
  static Unfolded unfold(Dl4jMlp folded, ResidualNetwork deep) {
    int hidden = deep.hiddenLayers();
    boolean bounded = folded.layerCount() == hidden + 2;
    if (!bounded && folded.layerCount() != hidden + 1) {
      throw new IllegalArgumentException(
          "a folded network of "
              + hidden
              + " hidden layers has "
              + (hidden + 1)
              + " layers, or "
              + (hidden + 2)
              + " with its bound");
    }
    if (!bounded && isPlainOf(folded, deep)) {
      return new Unfolded(adopt(folded, deep), Double.POSITIVE_INFINITY);
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
    if (bounded) {
      return new Unfolded(
          wide, unfoldBound(folded.layerWeights(hidden), folded.layerBiases(hidden), folded, deep));
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
    return new Unfolded(wide, Double.POSITIVE_INFINITY);
  }

  /**
   * The deep half's output from a bounding layer ({@link #fold} with a finite bound): {@code relu(d
   * + B)} gives {@code d}'s weights and, with the output's bias {@code -B}, its bias. The learner
   * resuming applies its own bound (the setting), not the one published.
   */
  private static double unfoldBound(
      double[][] clamp, double[] clampB, Dl4jMlp folded, ResidualNetwork deep) {
    double[][] out = folded.layerWeights(folded.layerCount() - 1);
    double[] outB = folded.layerBiases(folded.layerCount() - 1);
    int last = clamp.length - CARRY;
    boolean shaped =
        clampB.length == BOUND_UNITS
            && out.length == BOUND_UNITS
            && out[0][0] == 1
            && out[1][0] == -1
            && out[2][0] == 1
            && out[3][0] == -1
            && outB[0] < 0
            && clampB[2] == 0
            && clampB[3] == 0;
    for (int i = 0; shaped && i < clamp.length; i++) {
      shaped &= clamp[i][0] == clamp[i][1] && (i < last || clamp[i][0] == 0);
      shaped &= clamp[i][2] == (i == last ? 1 : 0) && clamp[i][3] == (i == last + 1 ? 1 : 0);
    }
    if (!shaped) {
      throw new IllegalArgumentException("the layer after the hidden ones is not a bound");
    }
    double bound = -outB[0];
    double[][] z = new double[last][2];
    for (int i = 0; i < last; i++) {
      z[i][1] = clamp[i][0];
    }
    deep.setLayer(ResidualNetwork.OUT, z, new double[] {0, clampB[0] - bound});
    return bound;
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
