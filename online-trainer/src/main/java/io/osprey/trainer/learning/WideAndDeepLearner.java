package io.osprey.trainer.learning;

import io.osprey.model.Normalizer;
import io.osprey.model.RunningStats;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Linear models and a DL4J network that learn one log-odds together ("wide and deep", Cheng et al.
 * 2016): {@code logit = Σ_k a_k (w_k·x + b_k) + deep(x)} on the normalised features {@code x}.
 *
 * <ul>
 *   <li><b>Wide:</b> a few {@link LinearPart}s with different SGD steps. A large step moves the
 *       score within a batch when a new pattern appears (a burst of anomalies after thousands of
 *       normal readings); a small one is steadier on a noisy stream. Their weights {@code a_k}
 *       follow their recent prequential log-loss ({@link HedgeWeights}), so the learner leans on
 *       whichever fits the stream now.
 *   <li><b>Deep:</b> a {@link ResidualNetwork} (Adam) that learns what the wide mixture misses: it
 *       steps on the mixture's gradient {@code p - y}; each linear part steps on its own {@code p_k
 *       - y}, with the deep half added to its log-odds. The deep half starts as zero.
 *   <li><b>Bound:</b> what the weighted deep half adds to a score is clamped to {@code ±deepBound}.
 *       A ReLU network extrapolates linearly, and on rows far outside everything it has seen (the
 *       first anomalies after hours of normal readings, tens of standard deviations out) it says
 *       "certainly not" with a log-odds of -35 and more, which buries exactly the rows that matter
 *       before the hedge can weigh it down. The bound leaves the deep half a correction of a few
 *       log-odds; it learns unclamped (its gradient is the mixture's, as before), only its say in a
 *       score is bounded.
 * </ul>
 *
 * <p>Each batch, in the order {@link Learner} keeps: score with the model as it is (prequential),
 * fold the batch into the running normaliser, then one step of every part on the (resampled) rows,
 * then {@code deepPasses - 1} more steps of the deep half on the batch plus a replay of recent
 * rows. Imbalance is handled and corrected as in {@link Learner}.
 *
 * <p>The mixture of linear parts is itself linear, so what the learner knows at any time is one
 * linear part plus one network, which folds exactly into one plain ReLU network ({@link
 * WideAndDeepFold}), the shape every reader of a published model serves. Owned by one thread.
 */
public final class WideAndDeepLearner implements NetworkLearner {
  /**
   * How the learner is built.
   *
   * @param wideRates SGD step of each linear part (standardised features)
   * @param wideL2s weight decay of each linear part
   * @param hedgeEta how sharply the mixture follows the parts' recent log-loss ({@link
   *     HedgeWeights})
   * @param hedgeDecay per-example fading of that loss
   * @param deep whether the deep half is there at all (false: the wide half alone, for comparison)
   * @param gateDeep whether the deep half is hedged too: each linear part is weighed with and
   *     without it, so a deep half that predicts worse than none lately is weighed down
   * @param wideBesideDeep whether each linear part learns with the deep half added to its log-odds
   *     (a joint model) or alone (a logistic regression, the deep half then learns what their
   *     mixture misses, as in boosting)
   * @param deepPasses deep steps per batch, at least 1
   * @param replayRecent recent rows kept for replay (0: none)
   * @param replayRows rows drawn from the replay into each extra deep step
   * @param deepBound the most the weighted deep half adds to or takes from a log-odds, positive
   *     ({@link Double#POSITIVE_INFINITY}: unbounded)
   */
  public record Recipe(
      List<Double> wideRates,
      List<Double> wideL2s,
      double hedgeEta,
      double hedgeDecay,
      boolean deep,
      boolean gateDeep,
      boolean wideBesideDeep,
      int deepPasses,
      int replayRecent,
      int replayRows,
      double deepBound) {
    public Recipe {
      wideRates = List.copyOf(wideRates);
      wideL2s = List.copyOf(wideL2s);
      if (wideRates.isEmpty()
          || wideL2s.size() != wideRates.size()
          || deepPasses < 1
          || replayRecent < 0
          || replayRows < 0
          || !(deepBound > 0)) {
        throw new IllegalArgumentException("bad wide-and-deep recipe " + wideRates);
      }
    }
  }

  private final Recipe recipe;
  private final MlpShape shape;
  private RunningStats stats;
  private Normalizer normalizer;
  private final List<LinearPart> wide = new ArrayList<>();
  private final HedgeWeights hedge;
  private final ResidualNetwork deep; // null when the recipe has none
  private final ImbalancePolicy imbalance;
  private final Random random;
  private final double[][] recentRows;
  private final double[] recentLabels;
  private long recentCount;
  private final RefusedSteps refusedSteps = new RefusedSteps();
  // The recipe's for a new learner; a resumed one keeps the bound its network was published with
  // (none for a plain network adopted whole), so it scores exactly as that network did.
  private double deepBound;

  public WideAndDeepLearner(
      MlpShape shape, int features, ImbalancePolicy imbalance, Recipe recipe, long seed) {
    this.recipe = recipe;
    this.deepBound = recipe.deepBound();
    this.shape = shape;
    this.stats = new RunningStats(features);
    this.normalizer = Normalizer.identity(features);
    for (int k = 0; k < recipe.wideRates().size(); k++) {
      wide.add(new LinearPart(features, recipe.wideRates().get(k), recipe.wideL2s().get(k)));
    }
    this.hedge =
        new HedgeWeights(
            wide.size() * (recipe.deep() && recipe.gateDeep() ? 2 : 1),
            recipe.hedgeEta(),
            recipe.hedgeDecay());
    this.deep =
        recipe.deep()
            ? new ResidualNetwork(
                new MlpShape(shape.hiddenLayers(), shape.learningRate(), shape.l2(), seed),
                features)
            : null;
    this.imbalance = imbalance;
    this.random = new Random(seed);
    this.recentRows = new double[recipe.replayRecent()][];
    this.recentLabels = new double[recipe.replayRecent()];
  }

  /**
   * Continues from a network {@link #snapshot} published, its score correction already taken out:
   * the deep half and the linear mixture unfolded from it ({@link WideAndDeepFold}; every linear
   * part starts as the mixture, weighed evenly), the normaliser weighed as {@code examples}. It
   * scores as the published network did, bound on the deep half included (the published one, not
   * the recipe's). A plain network of this shape (the lake bootstrap's, an MLP learner's) becomes
   * the deep half, unbounded, beside linear parts that start at zero.
   *
   * @throws IllegalArgumentException if the network is neither a folded wide-and-deep of this shape
   *     nor a plain network of it
   */
  public static WideAndDeepLearner resume(
      Dl4jMlp network,
      long examples,
      MlpShape shape,
      ImbalancePolicy imbalance,
      Recipe recipe,
      long seed) {
    if (!recipe.deep()) {
      throw new IllegalArgumentException(
          "only a learner with its deep half resumes from a network");
    }
    WideAndDeepLearner learner =
        new WideAndDeepLearner(shape, network.normalizer().size(), imbalance, recipe, seed);
    WideAndDeepFold.Unfolded unfolded = WideAndDeepFold.unfold(network, learner.deep);
    double[] wide = unfolded.wide();
    learner.deepBound = unfolded.bound();
    double[] weights = java.util.Arrays.copyOf(wide, wide.length - 1);
    for (LinearPart part : learner.wide) {
      part.set(weights, wide[wide.length - 1]);
    }
    // The published network carries the deep half at the weight it had; the new mixture weighs it
    // at its own starting weight, so scale it to score exactly as published.
    learner.deep.scaleOutput(1 / learner.parts(new float[0][]).beta());
    learner.stats = RunningStats.resume(network.normalizer(), examples);
    learner.normalizer = network.normalizer();
    return learner;
  }

  @Override
  public double[] evaluateThenFit(TrainingBatch batch) {
    float[][] x = normalise(batch.features());
    Parts parts = parts(x);
    double[] scores = parts.mixture();
    double correction = imbalance.logitCorrection();
    for (int i = 0; i < scores.length; i++) {
      scores[i] = sigmoid(scores[i] + correction);
    }
    for (double[] row : batch.features()) {
      stats.add(row);
    }
    normalizer = stats.toNormalizer();
    FiniteRows finite = FiniteRows.of(batch);
    hedge.record(parts.members(finiteIndices(batch.features()), gated()), finite.labels());
    ImbalancePolicy.Rows rows = imbalance.resample(finite.features(), finite.labels(), random);
    if (rows.size() > 0) {
      step(rows.features(), rows.labels(), true);
      for (int pass = 1; pass < recipe.deepPasses() && deep != null; pass++) {
        ImbalancePolicy.Rows replay = withReplay(rows);
        step(replay.features(), replay.labels(), false);
      }
    }
    remember(finite);
    return scores;
  }

  /**
   * Each linear part's log-odds and the deep half's, for some rows, with the weights of the
   * mixture: {@code alpha[k]} of linear part k and {@code beta} of the deep half.
   */
  private record Parts(double[][] wide, double[] deep, double[] alpha, double beta, double bound) {
    /** The learner's log-odds: the weighted linear parts plus the weighted deep half, bounded. */
    double[] mixture() {
      double[] z = wideMixture();
      for (int i = 0; i < z.length; i++) {
        z[i] += Math.max(-bound, Math.min(bound, beta * deep[i]));
      }
      return z;
    }

    double[] wideMixture() {
      double[] z = new double[deep.length];
      for (int k = 0; k < wide.length; k++) {
        for (int i = 0; i < z.length; i++) {
          z[i] += alpha[k] * wide[k][i];
        }
      }
      return z;
    }

    /**
     * The hedged members' log-odds on the rows kept: each linear part with the deep half, then
     * (when the deep half is gated) each alone. The deep half is judged unbounded: a network that
     * is confidently wrong far out is weighed down for it, though its say in a score is bounded.
     */
    double[][] members(int[] kept, boolean gated) {
      int parts = wide.length;
      double[][] z = new double[gated ? 2 * parts : parts][kept.length];
      for (int k = 0; k < parts; k++) {
        for (int j = 0; j < kept.length; j++) {
          z[k][j] = wide[k][kept[j]] + deep[kept[j]];
          if (gated) {
            z[parts + k][j] = wide[k][kept[j]];
          }
        }
      }
      return z;
    }
  }

  private boolean gated() {
    return deep != null && recipe.gateDeep();
  }

  private Parts parts(float[][] x) {
    double[][] linear = new double[wide.size()][];
    for (int k = 0; k < linear.length; k++) {
      linear[k] = wide.get(k).logits(x);
    }
    double[] d = deep == null ? new double[x.length] : deep.logits(x);
    double[] w = hedge.weights();
    double[] alpha = new double[wide.size()];
    double beta = 0;
    for (int k = 0; k < alpha.length; k++) {
      alpha[k] = w[k] + (gated() ? w[alpha.length + k] : 0);
      beta += w[k];
    }
    return new Parts(linear, d, alpha, deep == null ? 0 : beta, deepBound);
  }

  /**
   * One step on the rows at the current point: the deep half on the mixture's {@code p - y}, and
   * when {@code wideToo} each linear part on its own. A step that is not finite is not taken.
   */
  private void step(double[][] raw, double[] labels, boolean wideToo) {
    float[][] x = normalise(raw);
    Parts parts = parts(x);
    boolean taken = true;
    if (wideToo) {
      for (int k = 0; k < wide.size(); k++) {
        double[] totals = parts.wide()[k].clone();
        for (int i = 0; i < totals.length && recipe.wideBesideDeep(); i++) {
          totals[i] += parts.deep()[i];
        }
        taken &= wide.get(k).step(x, totals, labels);
      }
    }
    if (deep != null) {
      taken &= deep.fit(x, parts.wideMixture(), labels);
    }
    if (!taken) {
      refusedSteps.refused(describe());
    }
  }

  private ImbalancePolicy.Rows withReplay(ImbalancePolicy.Rows rows) {
    int held = (int) Math.min(recentCount, recentRows.length);
    int extra = held == 0 ? 0 : recipe.replayRows();
    double[][] features = new double[rows.size() + extra][];
    double[] labels = new double[features.length];
    System.arraycopy(rows.features(), 0, features, 0, rows.size());
    System.arraycopy(rows.labels(), 0, labels, 0, rows.size());
    for (int r = 0; r < extra; r++) {
      int j = random.nextInt(held);
      features[rows.size() + r] = recentRows[j];
      labels[rows.size() + r] = recentLabels[j];
    }
    return new ImbalancePolicy.Rows(features, labels);
  }

  private void remember(FiniteRows finite) {
    if (recentRows.length == 0) {
      return;
    }
    for (int i = 0; i < finite.labels().length; i++) {
      int slot = (int) (recentCount % recentRows.length);
      recentRows[slot] = finite.features()[i];
      recentLabels[slot] = finite.labels()[i];
      recentCount++;
    }
  }

  private static int[] finiteIndices(double[][] rows) {
    int[] kept = new int[rows.length];
    int n = 0;
    for (int i = 0; i < rows.length; i++) {
      if (FiniteRows.allFinite(rows[i])) {
        kept[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(kept, n);
  }

  private float[][] normalise(double[][] raw) {
    float[][] x = new float[raw.length][normalizer.size()];
    for (int i = 0; i < raw.length; i++) {
      normalizer.apply(raw[i], x[i]);
    }
    return x;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * What the learner knows as one plain network (the linear mixture and the deep half folded
   * together, {@link WideAndDeepFold}), its scores corrected to probabilities, to publish while
   * training goes on.
   */
  @Override
  public Dl4jMlp snapshot() {
    if (deep == null) {
      throw new IllegalStateException("a learner without its deep half has no network to publish");
    }
    Dl4jMlp folded =
        WideAndDeepFold.fold(
            mixedWide(), deep, parts(new float[0][]).beta(), deepBound, normalizer);
    folded.shiftOutputLogit(imbalance.logitCorrection());
    return folded;
  }

  /** Steps not taken because they would have made the model non-finite. */
  public long refusedSteps() {
    return refusedSteps.count();
  }

  @Override
  public double logitCorrection() {
    return imbalance.logitCorrection();
  }

  Normalizer normalizer() {
    return normalizer;
  }

  /**
   * The wide mixture as one linear part: weights then bias, {@code Σ_k a_k w_k}, {@code Σ a_k b_k}.
   */
  double[] mixedWide() {
    double[] a = parts(new float[0][]).alpha();
    double[] mixed = new double[normalizer.size() + 1];
    for (int k = 0; k < wide.size(); k++) {
      double[] w = wide.get(k).weights();
      for (int f = 0; f < w.length; f++) {
        mixed[f] += a[k] * w[f];
      }
      mixed[w.length] += a[k] * wide.get(k).bias();
    }
    return mixed;
  }

  double[] hedgeWeights() {
    return hedge.weights();
  }

  ResidualNetwork deep() {
    return deep;
  }

  MlpShape shape() {
    return shape;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "wide and deep: linear parts on %d features (SGD rates %s, l2 %s, hedged)%s",
        normalizer.size(),
        recipe.wideRates(),
        recipe.wideL2s(),
        deep == null
            ? ""
            : String.format(
                Locale.ROOT,
                " + DL4J network %s (Adam %s, %d passes, %d parameters)",
                shape.hiddenLayers(),
                shape.learningRate(),
                recipe.deepPasses(),
                deep.parameters()));
  }
}
