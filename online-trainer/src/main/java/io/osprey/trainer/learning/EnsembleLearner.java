package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import io.osprey.model.RunningStats;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Candidate learner (measured by the learner harness): {@code members} small DL4J networks on a
 * {@link QuantileEncoding} of the features, each trained on its own Poisson(1) resample of every
 * batch (online bagging, Oza and Russell 2001) at its own learning rate, plus a replay of recent
 * examples; the score is the sigmoid of the members' mean logit.
 */
public final class EnsembleLearner implements PrequentialLearner {
  /** How the candidate is built. */
  public record Recipe(
      int bins,
      double clip,
      int members,
      double rateSpread,
      int replayRecent,
      int replayRows,
      int passes,
      boolean bagging,
      double rateScale) {}

  private final Recipe recipe;
  private final RunningStats stats;
  private Normalizer normalizer;
  private final QuantileEncoding encoding;
  private final List<LogitNetwork> members = new ArrayList<>();
  private final ImbalancePolicy imbalance;
  private final Random random;
  private final double[][] recentRows;
  private final double[] recentLabels;
  private long recentCount;
  private final float[] scratch;

  public EnsembleLearner(
      MlpShape shape, int features, ImbalancePolicy imbalance, Recipe recipe, long seed) {
    this.recipe = recipe;
    this.stats = new RunningStats(features);
    this.normalizer = Normalizer.identity(features);
    this.encoding = new QuantileEncoding(features, recipe.bins(), recipe.clip(), 4096, 8192, seed);
    this.imbalance = imbalance;
    this.random = new Random(seed);
    for (int k = 0; k < recipe.members(); k++) {
      double rate =
          shape.learningRate()
              * recipe.rateScale()
              * Math.pow(recipe.rateSpread(), k - (recipe.members() - 1) / 2.0);
      MlpShape member = new MlpShape(shape.hiddenLayers(), rate, shape.l2(), seed * 31 + k);
      members.add(new LogitNetwork(member, encoding.encodedSize()));
    }
    this.recentRows = new double[Math.max(1, recipe.replayRecent())][];
    this.recentLabels = new double[recentRows.length];
    this.scratch = new float[features];
  }

  @Override
  public double[] evaluateThenFit(TrainingBatch batch) {
    double[][] encoded = encode(batch.features());
    double[] logits = new double[encoded.length];
    for (LogitNetwork member : members) {
      double[] z = member.logits(encoded);
      for (int i = 0; i < z.length; i++) {
        logits[i] += z[i] / members.size();
      }
    }
    double correction = imbalance.logitCorrection();
    double[] scores = new double[logits.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = 1 / (1 + Math.exp(-(logits[i] + correction)));
    }
    for (double[] row : batch.features()) {
      stats.add(row);
    }
    normalizer = stats.toNormalizer();
    FiniteRows finite = FiniteRows.of(batch);
    encoding.observe(finite.features());
    ImbalancePolicy.Rows rows = imbalance.resample(finite.features(), finite.labels(), random);
    for (int pass = 0; pass < recipe.passes(); pass++) {
      for (LogitNetwork member : members) {
        train(member, rows);
      }
    }
    remember(finite);
    return scores;
  }

  private void train(LogitNetwork member, ImbalancePolicy.Rows rows) {
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      int copies = recipe.bagging() ? poisson() : 1;
      for (int c = 0; c < copies; c++) {
        x.add(rows.features()[i]);
        y.add(rows.labels()[i]);
      }
    }
    long held = Math.min(recentCount, recentRows.length);
    if (recipe.replayRows() > 0 && held > 0) {
      for (int r = 0; r < recipe.replayRows(); r++) {
        int j = random.nextInt((int) held);
        x.add(recentRows[j]);
        y.add(recentLabels[j]);
      }
    }
    if (x.isEmpty()) {
      return;
    }
    double[][] features = encode(x.toArray(new double[0][]));
    double[] labels = new double[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i);
    }
    member.fit(features, labels);
  }

  private void remember(FiniteRows finite) {
    if (recipe.replayRecent() <= 0) {
      return;
    }
    for (int i = 0; i < finite.labels().length; i++) {
      int slot = (int) (recentCount % recentRows.length);
      recentRows[slot] = finite.features()[i];
      recentLabels[slot] = finite.labels()[i];
      recentCount++;
    }
  }

  private int poisson() {
    double l = Math.exp(-1);
    int k = 0;
    double p = random.nextDouble();
    while (p > l) {
      k++;
      p *= random.nextDouble();
    }
    return k;
  }

  private double[][] encode(double[][] raw) {
    double[][] out = new double[raw.length][encoding.encodedSize()];
    for (int i = 0; i < raw.length; i++) {
      encoding.encode(raw[i], normalizer, scratch, out[i], 0);
    }
    return out;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT, "ensemble %s, %d parameters each", recipe, members.get(0).parameters());
  }
}
