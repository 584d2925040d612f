package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.CompiledMlp;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.model.signing.TestSigning;
import io.osprey.platform.config.Settings;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.trainer.TrainerConfig;
import io.osprey.trainer.TrainerSettings;
import io.osprey.trainer.intake.TrainingBatch;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WideAndDeepLearnerTest {
  private static final int FEATURES = 4;
  private static final MlpShape SHAPE = new MlpShape(List.of(16, 8), 0.01, 1e-4, 3);
  private static final WideAndDeepLearner.Recipe RECIPE =
      new WideAndDeepLearner.Recipe(
          List.of(0.1, 0.5, 2.0),
          List.of(1e-4, 1e-4, 0.01),
          0.1,
          0.999,
          true,
          true,
          true,
          2,
          1024,
          64,
          2.0);

  /** The same without a bound on the deep half: published without the bounding layer. */
  private static final WideAndDeepLearner.Recipe UNBOUNDED =
      new WideAndDeepLearner.Recipe(
          RECIPE.wideRates(),
          RECIPE.wideL2s(),
          RECIPE.hedgeEta(),
          RECIPE.hedgeDecay(),
          true,
          true,
          true,
          2,
          1024,
          64,
          Double.POSITIVE_INFINITY);

  @Test
  void judgesEachBatchBeforeLearningFromIt() {
    WideAndDeepLearner learner = learner(RECIPE);
    Random random = new Random(1);
    for (int i = 0; i < 5; i++) {
      learner.evaluateThenFit(ring(random, 64));
    }
    TrainingBatch next = ring(random, 64);
    double[] expected = learner.snapshot().scoreAll(next.features());

    double[] judged = learner.evaluateThenFit(next);

    // The scores of a batch are the model's before it, not after: the snapshot taken before.
    for (int i = 0; i < judged.length; i++) {
      assertThat(judged[i]).isCloseTo(expected[i], offset(1e-4));
    }
    assertThat(learner.snapshot().scoreAll(next.features())).isNotEqualTo(expected);
  }

  @Test
  void aNewLearnerKnowsNothing() {
    double[] scores = learner(RECIPE).evaluateThenFit(ring(new Random(2), 64));
    for (double score : scores) {
      assertThat(score).isEqualTo(0.5);
    }
  }

  /**
   * Fraud when a feature is far from the middle on either side: no straight line tells, so the
   * logistic regression stays near chance, while the deep half learns it.
   */
  @Test
  void learnsWhatNoStraightLineCan() {
    WideAndDeepLearner learner = learner(RECIPE);
    OnlineLogisticRegression regression =
        new OnlineLogisticRegression(FEATURES, 0.5, 1e-4, ImbalancePolicy.NONE, 3);
    Random random = new Random(3);
    double[] wide = new double[0];
    double[] linear = new double[0];
    double[] labels = new double[0];
    for (int b = 0; b < 400; b++) {
      TrainingBatch batch = ring(random, 64);
      double[] w = learner.evaluateThenFit(batch);
      double[] l = regression.evaluateThenFit(batch);
      if (b >= 300) {
        wide = concat(wide, w);
        linear = concat(linear, l);
        labels = concat(labels, batch.labels());
      }
    }
    double learned = RankingMetrics.of(wide, labels, 0.01).rocAuc();
    double straight = RankingMetrics.of(linear, labels, 0.01).rocAuc();
    assertThat(straight).isLessThan(0.65);
    assertThat(learned).isGreaterThan(0.9);
  }

  /**
   * Thousands of normal examples, then a burst of a new kind of positive: the large SGD step picks
   * it up within a batch, where a network alone would need many.
   */
  @Test
  void aBurstOfANewPatternIsLearnedWithinABatch() {
    WideAndDeepLearner learner = learner(RECIPE);
    Random random = new Random(4);
    for (int b = 0; b < 150; b++) {
      learner.evaluateThenFit(burst(random, 64, 0));
    }
    learner.evaluateThenFit(burst(random, 64, 0.25)); // the first positives ever: judged blind
    TrainingBatch next = burst(random, 64, 0.25);
    double[] scores = learner.evaluateThenFit(next);
    assertThat(RankingMetrics.of(scores, next.labels(), 0.01).prAuc()).isGreaterThan(0.9);
  }

  @Test
  void withoutItsDeepHalfItIsAMixtureOfLinearModels() {
    WideAndDeepLearner.Recipe wideOnly =
        new WideAndDeepLearner.Recipe(
            List.of(0.5), List.of(1e-4), 0.1, 0.999, false, false, false, 1, 0, 0, 2.0);
    WideAndDeepLearner learner = learner(wideOnly);
    OnlineLogisticRegression regression =
        new OnlineLogisticRegression(FEATURES, 0.5, 1e-4, ImbalancePolicy.NONE, 3);
    Random random = new Random(5);
    for (int b = 0; b < 20; b++) {
      TrainingBatch batch = ring(random, 64);
      assertThat(learner.evaluateThenFit(batch))
          .containsExactly(regression.evaluateThenFit(batch), offset(1e-9));
    }
  }

  @Test
  void thePublishedNetworkScoresAsTheLearnerAndItsFastPathAsDl4j() {
    // both shapes the learner publishes: with the bounding layer (the default) and without
    publishedScoresAgree(RECIPE, "-18-10-4-1"); // 16 + 2 and 8 + 2 carry units, then the bound
    publishedScoresAgree(UNBOUNDED, "-18-10-1");
  }

  private static void publishedScoresAgree(WideAndDeepLearner.Recipe recipe, String layers) {
    WideAndDeepLearner learner =
        new WideAndDeepLearner(SHAPE, FEATURES, new ImbalancePolicy(4, 0.5), recipe, 3);
    Random random = new Random(6);
    for (int b = 0; b < 60; b++) {
      learner.evaluateThenFit(ring(random, 64));
    }
    TrainingBatch probe = ring(random, 256);
    Dl4jMlp published = learner.snapshot();
    double[] dl4j = published.scoreAll(probe.features());
    CompiledMlp compiled = published.compile();
    double[] own = learner.evaluateThenFit(probe);
    double spread = 0;
    for (int i = 0; i < dl4j.length; i++) {
      assertThat(dl4j[i]).isCloseTo(own[i], offset(1e-4));
      assertThat(compiled.score(probe.features()[i])).isCloseTo(dl4j[i], offset(1e-5));
      spread = Math.max(spread, Math.abs(dl4j[i] - dl4j[0]));
    }
    assertThat(spread).as("scores that differ, or agreement proves little").isGreaterThan(0.1);
    assertThat(published.describe()).contains(layers);
  }

  @Test
  void farOutsideWhatItHasSeenTheNetworkMovesAScoreAtMostByTheBound() {
    WideAndDeepLearner bounded = learner(RECIPE);
    WideAndDeepLearner unbounded = learner(UNBOUNDED);
    Random random = new Random(12);
    for (int b = 0; b < 60; b++) {
      TrainingBatch batch = ring(random, 64);
      bounded.evaluateThenFit(batch);
      unbounded.evaluateThenFit(batch);
    }
    double[][] far = new double[200][FEATURES];
    for (int i = 0; i < far.length; i++) {
      for (int f = 0; f < FEATURES; f++) {
        far[i][f] = 12 * random.nextGaussian(); // several to dozens of standard deviations out
      }
    }
    double[] wide = wideLogits(bounded, far);
    double[] served = bounded.snapshot().scoreAll(far);
    CompiledMlp fast = bounded.snapshot().compile();
    double[] wideAlone = wideLogits(unbounded, far);
    double[] unboundedServed = unbounded.snapshot().scoreAll(far);
    int judged = 0;
    double largest = 0;
    for (int i = 0; i < far.length; i++) {
      // a log-odds read back from a probability is only exact away from 0 and 1
      if (Math.abs(wide[i]) < 12) {
        judged++;
        assertThat(Math.abs(logit(served[i]) - wide[i])).isLessThanOrEqualTo(2.0 + 1e-3);
        assertThat(Math.abs(logit(fast.score(far[i])) - wide[i])).isLessThanOrEqualTo(2.0 + 1e-3);
      }
      if (Math.abs(wideAlone[i]) < 12 && Math.abs(logit(unboundedServed[i])) < 25) {
        largest = Math.max(largest, Math.abs(logit(unboundedServed[i]) - wideAlone[i]));
      }
    }
    assertThat(judged).isGreaterThan(20);
    assertThat(largest).as("unbounded, the network's say out there is larger").isGreaterThan(3);
  }

  /** The learner's linear mixture alone, as log-odds (no imbalance correction: none here). */
  private static double[] wideLogits(WideAndDeepLearner learner, double[][] rows) {
    double[] w = learner.mixedWide();
    double[] logits = new double[rows.length];
    float[] x = new float[FEATURES];
    for (int i = 0; i < rows.length; i++) {
      learner.normalizer().apply(rows[i], x);
      logits[i] = w[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        logits[i] += w[f] * x[f];
      }
    }
    return logits;
  }

  private static double logit(double p) {
    double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
    return Math.log(q / (1 - q));
  }

  @Test
  void resumingFromThePublishedNetworkScoresAsBefore() {
    for (WideAndDeepLearner.Recipe recipe : List.of(RECIPE, UNBOUNDED)) {
      WideAndDeepLearner learner = learner(recipe);
      Random random = new Random(7);
      for (int b = 0; b < 40; b++) {
        learner.evaluateThenFit(ring(random, 64));
      }
      Dl4jMlp published = learner.snapshot();
      WideAndDeepLearner resumed =
          WideAndDeepLearner.resume(published, 40 * 64, SHAPE, ImbalancePolicy.NONE, recipe, 3);
      TrainingBatch probe = ring(random, 128);
      double[] before = published.scoreAll(probe.features());
      double[] after = resumed.evaluateThenFit(probe);
      for (int i = 0; i < before.length; i++) {
        assertThat(after[i]).isCloseTo(before[i], offset(1e-4));
      }
    }
  }

  @Test
  void theTrainerResumesItFromAnEnvelopeWithTheScoreCorrectionTakenOutOnce() {
    TrainerConfig config =
        TrainerConfig.from(
            Settings.of(
                Map.of(
                    TrainerSettings.LEARNER.key(), "WIDE_AND_DEEP",
                    TrainerSettings.HIDDEN_LAYERS.key(), "8,4",
                    TrainerSettings.POSITIVE_WEIGHT.key(), "2",
                    TrainerSettings.NEGATIVE_SAMPLE_RATE.key(), "0.5")));
    int width = config.layout().size();
    NetworkLearner learner = config.learner().fresh(config);
    Random random = new Random(8);
    for (int b = 0; b < 20; b++) {
      learner.evaluateThenFit(wide(random, 64, width));
    }
    ModelEnvelope envelope =
        ModelEnvelopes.seal(
            learner.snapshot(),
            new ModelEnvelopes.Publication(
                "test",
                1,
                null,
                ModelEnvelopes.CHAMPION,
                config.layout().specHash(),
                config.layout().names(),
                new TrainingWindow(0L, 1L, 1280L, null),
                Map.of(ImbalancePolicy.CORRECTION_METRIC, learner.logitCorrection()),
                0.5,
                "dev"),
            0,
            TestSigning.SIGNER);

    NetworkLearner resumed = config.learner().resume(envelope, config);

    assertThat(resumed).isInstanceOf(WideAndDeepLearner.class);
    TrainingBatch probe = wide(random, 64, width);
    assertThat(resumed.evaluateThenFit(probe))
        .containsExactly(learner.snapshot().scoreAll(probe.features()), offset(1e-4));
    // A network of the trainer's shape that the MLP learner (or the lake bootstrap) published is
    // taken as the deep half: the learner scores as it did, then goes on learning.
    Learner mlp = Learner.fresh(config.shape(), width, config.imbalance());
    for (int b = 0; b < 20; b++) {
      mlp.evaluateThenFit(wide(random, 64, width));
    }
    ModelEnvelope plain =
        ModelEnvelopes.seal(
            mlp.snapshot(),
            new ModelEnvelopes.Publication(
                "test",
                2,
                null,
                ModelEnvelopes.CHAMPION,
                config.layout().specHash(),
                config.layout().names(),
                new TrainingWindow(0L, 1L, 1280L, null),
                Map.of(ImbalancePolicy.CORRECTION_METRIC, mlp.logitCorrection()),
                0.5,
                "dev"),
            0,
            TestSigning.SIGNER);
    NetworkLearner adopted = config.learner().resume(plain, config);
    TrainingBatch next = wide(random, 64, width);
    assertThat(adopted.evaluateThenFit(next))
        .containsExactly(mlp.snapshot().scoreAll(next.features()), offset(1e-4));
  }

  @Test
  void aPlainNetworkOfTheDeepShapeIsAdoptedAndLearnsOn() {
    Dl4jMlp plain = Dl4jMlp.create(new MlpShape(List.of(16, 8), 0.01, 0, 1), FEATURES);
    WideAndDeepLearner adopted =
        WideAndDeepLearner.resume(plain, 100, SHAPE, ImbalancePolicy.NONE, RECIPE, 3);
    assertThat(adopted.mixedWide()).containsOnly(0.0); // the linear parts start at zero
    Random random = new Random(11);
    TrainingBatch probe = ring(random, 128);
    assertThat(adopted.evaluateThenFit(probe))
        .containsExactly(plain.scoreAll(probe.features()), offset(1e-4));
    double[] scores = new double[0];
    double[] labels = new double[0];
    for (int b = 0; b < 400; b++) {
      TrainingBatch batch = ring(random, 64);
      double[] batchScores = adopted.evaluateThenFit(batch);
      if (b >= 300) {
        scores = concat(scores, batchScores);
        labels = concat(labels, batch.labels());
      }
    }
    // it goes on learning from there: the ring, which no straight line separates
    assertThat(RankingMetrics.of(scores, labels, 0.01).rocAuc()).isGreaterThan(0.9);
  }

  /** Rows of {@code width} features, fraud when the first two add up high. */
  private static TrainingBatch wide(Random random, int size, int width) {
    double[][] features = new double[size][width];
    double[] labels = new double[size];
    for (int i = 0; i < size; i++) {
      for (int f = 0; f < width; f++) {
        features[i][f] = random.nextGaussian();
      }
      labels[i] = features[i][0] + features[i][1] > 1.5 ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 1, Map.of(0, (long) size));
  }

  @Test
  void aPlainNetworkOfTheSameSizeIsNotTakenForAFoldedOne() {
    Dl4jMlp plain = Dl4jMlp.create(new MlpShape(List.of(18, 10), 0.01, 0, 1), FEATURES);
    assertThatThrownBy(
            () -> WideAndDeepLearner.resume(plain, 100, SHAPE, ImbalancePolicy.NONE, RECIPE, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("carry");
  }

  private static WideAndDeepLearner learner(WideAndDeepLearner.Recipe recipe) {
    return new WideAndDeepLearner(SHAPE, FEATURES, ImbalancePolicy.NONE, recipe, 3);
  }

  /** Fraud when the first feature is beyond ±1.2; the others are noise. */
  static TrainingBatch ring(Random random, int size) {
    double[][] features = new double[size][FEATURES];
    double[] labels = new double[size];
    for (int i = 0; i < size; i++) {
      for (int f = 0; f < FEATURES; f++) {
        features[i][f] = random.nextGaussian();
      }
      labels[i] = Math.abs(features[i][0]) > 1.2 ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 1, Map.of(0, (long) size));
  }

  /** Normal readings; a share {@code positives} of anomalies, high on the second feature. */
  static TrainingBatch burst(Random random, int size, double positives) {
    double[][] features = new double[size][FEATURES];
    double[] labels = new double[size];
    for (int i = 0; i < size; i++) {
      boolean anomaly = random.nextDouble() < positives;
      for (int f = 0; f < FEATURES; f++) {
        features[i][f] = random.nextGaussian();
      }
      if (anomaly) {
        features[i][1] += 3;
      }
      labels[i] = anomaly ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 1, Map.of(0, (long) size));
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
