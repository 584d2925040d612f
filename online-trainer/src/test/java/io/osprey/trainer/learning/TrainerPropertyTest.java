package io.osprey.trainer.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.schema.features.ValueBounds;
import io.osprey.trainer.intake.TrainingBatch;
import io.osprey.trainer.review.PlattFitter;
import io.osprey.trainer.review.ThresholdPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the trainer's metrics and learners under extreme inputs: scores that are NaN, ±∞,
 * out of range or massively tied; feature vectors at the edges of what ingest may produce (±{@link
 * ValueBounds#LIMIT}, subnormal values, identical rows). Every metric call terminates promptly and
 * gives numbers; every learner keeps scoring probabilities.
 */
class TrainerPropertyTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private static final MlpShape SHAPE = new MlpShape(List.of(8), 0.05, 0.0, 7);
  private static final int FEATURES = 4;

  @Property(tries = 300)
  void everyMetricTerminatesWithNumbers(
      @ForAll("scores") @Size(min = 1, max = 200) List<Double> boxed, @ForAll long labelSeed) {
    double[] scores = boxed.stream().mapToDouble(Double::doubleValue).toArray();
    double[] labels = labels(scores.length, labelSeed);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();

    RankingMetrics metrics =
        assertTimeoutPreemptively(PROMPTLY, () -> RankingMetrics.of(scores, labels, 0.05));
    assertThat(metrics.logLoss()).isFinite();
    assertThat(metrics.precisionAtBudget()).isFinite();
    if (positives > 0) {
      assertThat(metrics.prAuc()).isBetween(0.0, 1.0);
    }
    if (positives > 0 && positives < labels.length) {
      assertThat(metrics.rocAuc()).isBetween(0.0, 1.0);
    }
    for (ThresholdPolicy.Target target : ThresholdPolicy.Target.values()) {
      ThresholdPolicy policy = new ThresholdPolicy(target, 0.5, 0.6, 0.05, 10, 1);
      OptionalDouble chosen =
          assertTimeoutPreemptively(PROMPTLY, () -> policy.choose(scores, labels));
      chosen.ifPresent(t -> assertThat(t).isBetween(0.0, Math.nextUp(1.0)));
    }
    assertTimeoutPreemptively(PROMPTLY, () -> PlattFitter.fit(scores, labels))
        .ifPresent(c -> assertThat(c.intercept()).isFinite());
    PrequentialEvaluator evaluator = new PrequentialEvaluator(2, 0.05);
    EvaluationSnapshot snapshot =
        assertTimeoutPreemptively(PROMPTLY, () -> evaluator.record(scores, labels, 0.5, 0, 1));
    assertThat(snapshot.sinceStartRanking().logLoss()).isFinite();
    assertThat(snapshot.recent().total()).isEqualTo(scores.length);
  }

  @Property(tries = 15)
  void learnersKeepScoringProbabilities(
      @ForAll("extremeRows") @Size(min = 1, max = 32) List<double[]> rows, @ForAll long labelSeed) {
    double[][] features = rows.toArray(double[][]::new);
    TrainingBatch batch =
        new TrainingBatch(features, labels(features.length, labelSeed), 0, 1, Map.of());
    TrainingBatch ordinary = ordinaryBatch();
    OnlineLogisticRegression logistic =
        new OnlineLogisticRegression(FEATURES, 0.1, 1e-4, ImbalancePolicy.NONE, 1);
    Learner network = Learner.fresh(SHAPE, FEATURES, ImbalancePolicy.NONE);

    for (PrequentialLearner learner : List.of(logistic, network)) {
      assertProbabilities(learner.evaluateThenFit(ordinary));
      assertProbabilities(learner.evaluateThenFit(batch));
      assertProbabilities(learner.evaluateThenFit(batch)); // after learning from it
      assertProbabilities(learner.evaluateThenFit(ordinary));
    }
  }

  @Provide
  Arbitrary<List<Double>> scores() {
    Arbitrary<Double> score =
        Arbitraries.frequencyOf(
            Tuple.of(
                2,
                Arbitraries.of(
                    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e300)),
            Tuple.of(3, Arbitraries.of(0.0, 0.5, 1.0, Double.MIN_VALUE)), // ties
            Tuple.of(3, Arbitraries.doubles().between(0, 1)));
    return score.list();
  }

  @Provide
  Arbitrary<List<double[]>> extremeRows() {
    Arbitrary<Double> value =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.of(
                    ValueBounds.LIMIT,
                    -ValueBounds.LIMIT,
                    ValueBounds.QUOTIENT_LIMIT,
                    Double.MIN_VALUE,
                    1e-300,
                    0.0)),
            Tuple.of(2, Arbitraries.doubles().between(-ValueBounds.LIMIT, ValueBounds.LIMIT)),
            Tuple.of(2, Arbitraries.doubles().between(-5, 5)));
    Arbitrary<double[]> row =
        value
            .array(Double[].class)
            .ofSize(FEATURES)
            .map(r -> Arrays.stream(r).mapToDouble(d -> d).toArray());
    // Repeats make identical rows (zero variance) likely.
    return Arbitraries.frequencyOf(
        Tuple.of(3, row.list()), Tuple.of(1, row.map(r -> List.of(r, r, r, r))));
  }

  private static double[] labels(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(4) == 0 ? 1 : 0;
    }
    return labels;
  }

  private static TrainingBatch ordinaryBatch() {
    java.util.Random random = new java.util.Random(11);
    double[][] features = new double[32][FEATURES];
    double[] labels = new double[32];
    for (int i = 0; i < features.length; i++) {
      for (int f = 0; f < FEATURES; f++) {
        features[i][f] = random.nextGaussian();
      }
      labels[i] = features[i][0] > 0 ? 1 : 0;
    }
    return new TrainingBatch(features, labels, 0, 1, Map.of());
  }

  private static void assertProbabilities(double[] scores) {
    assertThat(Arrays.stream(scores).boxed().toList())
        .as(Arrays.toString(scores))
        .allMatch(s -> s >= 0 && s <= 1);
  }
}
