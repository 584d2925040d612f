package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import io.osprey.model.dl4j.Dl4jMlp;
import java.util.List;

/**
 * Folds what an {@link EnsembleLearner} learned (its normaliser, its {@link QuantileEncoding} and
 * its member networks) into one plain ReLU network with a sigmoid output, which is what the trainer
 * publishes: the format, the signature, the scorer's compiled fast path and every other reader stay
 * as they are.
 *
 * <ul>
 *   <li>Layer 0 (fixed, ReLU) computes the encoding. With {@code z} the normalised value and {@code
 *       x = mean + scale z} the raw one, a clipped value is {@code relu(z + c) - relu(z - c) - c}
 *       and a bin is {@code relu(u) - relu(u - 1)} with {@code u = (x - low) / (high - low)}: two
 *       ReLU units each, whose differences layer 1 takes.
 *   <li>Layer 1 is each member's first layer applied to those differences (its bias absorbs the
 *       {@code -c}), the members side by side.
 *   <li>Deeper hidden layers are the members' layers, block-diagonal.
 *   <li>The output is the members' mean log-odds plus the imbalance correction, through a sigmoid.
 * </ul>
 *
 * Exact up to float rounding: the scores agree with the learner's own.
 */
final class EncodedNetwork {
  private EncodedNetwork() {}

  static Dl4jMlp fold(
      Normalizer normalizer,
      QuantileEncoding encoding,
      List<LogitNetwork> members,
      double logitCorrection) {
    int features = normalizer.size();
    int bins = encoding.bins();
    int unitsPerFeature = 2 * (1 + bins);
    int encoderUnits = features * unitsPerFeature;
    int layers = members.get(0).layers() + 1; // the encoder, then each member's layers
    double[][][] weights = new double[layers][][];
    double[][] biases = new double[layers][];

    weights[0] = new double[features][encoderUnits];
    biases[0] = new double[encoderUnits];
    double clip = encoding.clip();
    for (int f = 0; f < features; f++) {
      int base = f * unitsPerFeature;
      weights[0][f][base] = 1;
      biases[0][base] = clip;
      weights[0][f][base + 1] = 1;
      biases[0][base + 1] = -clip;
      double[] bounds = encoding.boundaries(f);
      for (int t = 1; t <= bins && bounds != null; t++) {
        double width = bounds[t] - bounds[t - 1];
        if (width > 0) {
          double slope = normalizer.scale(f) / width;
          double offset = (normalizer.mean()[f] - bounds[t - 1]) / width;
          weights[0][f][base + 2 * t] = slope;
          biases[0][base + 2 * t] = offset;
          weights[0][f][base + 2 * t + 1] = slope;
          biases[0][base + 2 * t + 1] = offset - 1;
        }
      }
    }

    int k = members.size();
    int width1 = members.get(0).biases(0).length;
    weights[1] = new double[encoderUnits][k * width1];
    biases[1] = new double[k * width1];
    for (int m = 0; m < k; m++) {
      double[][] w = members.get(m).weights(0); // [features * (1 + bins)][width1]
      double[] b = members.get(m).biases(0);
      for (int o = 0; o < width1; o++) {
        int out = m * width1 + o;
        double bias = b[o];
        for (int f = 0; f < features; f++) {
          int in = f * (1 + bins);
          int unit = f * unitsPerFeature;
          weights[1][unit][out] = w[in][o];
          weights[1][unit + 1][out] = -w[in][o];
          bias -= clip * w[in][o];
          for (int t = 1; t <= bins; t++) {
            weights[1][unit + 2 * t][out] = w[in + t][o];
            weights[1][unit + 2 * t + 1][out] = -w[in + t][o];
          }
        }
        biases[1][out] = bias;
      }
    }

    for (int l = 2; l < layers - 1; l++) {
      int in = members.get(0).biases(l - 2).length;
      int out = members.get(0).biases(l - 1).length;
      weights[l] = new double[k * in][k * out];
      biases[l] = new double[k * out];
      for (int m = 0; m < k; m++) {
        double[][] w = members.get(m).weights(l - 1);
        double[] b = members.get(m).biases(l - 1);
        for (int i = 0; i < in; i++) {
          System.arraycopy(w[i], 0, weights[l][m * in + i], m * out, out);
        }
        System.arraycopy(b, 0, biases[l], m * out, out);
      }
    }

    int last = layers - 1;
    int in = members.get(0).biases(last - 2).length;
    weights[last] = new double[k * in][1];
    biases[last] = new double[] {logitCorrection};
    for (int m = 0; m < k; m++) {
      double[][] w = members.get(m).weights(last - 1); // [in][2]: softmax over (other, fraud)
      double[] b = members.get(m).biases(last - 1);
      for (int i = 0; i < in; i++) {
        weights[last][m * in + i][0] = (w[i][1] - w[i][0]) / k;
      }
      biases[last][0] += (b[1] - b[0]) / k;
    }
    return Dl4jMlp.ofLayers(weights, biases, normalizer);
  }
}
