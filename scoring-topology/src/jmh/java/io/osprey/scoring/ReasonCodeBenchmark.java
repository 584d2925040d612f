package io.osprey.scoring;

import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.platform.config.Settings;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.features.FeatureLayout;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What leave-one-out reason codes cost per flagged prediction, in µs: {@link Scorer#score} of one
 * vector by a model that approves it (no reasons) and by the same model with a threshold that flags
 * it (reasons computed), and the explanation alone ({@link LeaveOneOutExplainer#explain}). The
 * difference between the two scorer figures is the cost a flagged prediction pays.
 *
 * <pre>
 *   mvn -o -pl scoring-topology -Pjmh -DskipTests process-test-classes \
 *     org.codehaus.mojo:exec-maven-plugin:3.5.0:exec@jmh -Djmh.args="ReasonCodeBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReasonCodeBenchmark {
  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;

  /**
   * {@code default}: 20-32-16-1 (1,217 parameters); {@code crayfish}: 20-160-160-1 (29,281). The
   * README's figures were measured on the 8 columns of before issue 13 (833 and 27,361).
   */
  @Param({"default", "crayfish"})
  public String network;

  private Scorer scorer;
  private FeatureVector vector;
  private ServedModel approving;
  private ServedModel flagging;
  private LeaveOneOutExplainer explainer;
  private double[] features;
  private double score;

  @Setup
  public void setUp() {
    Dl4jMlp mlp = Dl4jMlp.create(HotPathBenchmark.shape(network), LAYOUT.size());
    SplittableRandom random = new SplittableRandom(1);
    features = new double[LAYOUT.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = random.nextDouble(-2, 2);
    }
    score = mlp.compile().score(features);
    ScoringConfig settings = ScoringConfig.from(Settings.empty());
    // Approve: the score is below the review band; flag: the score is above the threshold.
    approving = served(mlp, Math.min(1.0, score + settings.reviewBand() + 0.05));
    flagging = served(mlp, Math.max(0.0, score - 0.05));
    scorer = new Scorer(settings, System::currentTimeMillis);
    explainer = new LeaveOneOutExplainer(settings.reasonCount());
    vector =
        FeatureVector.newBuilder()
            .setEventId("e-1")
            .setEntityId("card-1")
            .setEventTime(0)
            .setSpecHash(LAYOUT.specHash())
            .setValues(java.util.Arrays.stream(features).boxed().toList())
            .setIngestTime(0)
            .setFeatureTime(0)
            .build();
    if (!scorer.score(vector, Optional.of(flagging)).prediction().getDecision().equals("DECLINE")
        || !scorer
            .score(vector, Optional.of(approving))
            .prediction()
            .getDecision()
            .equals("APPROVE")) {
      throw new IllegalStateException("thresholds do not approve and flag the vector");
    }
  }

  private static ServedModel served(Dl4jMlp mlp, double threshold) {
    return ServedModel.open(HotPathBenchmark.envelope(mlp, threshold));
  }

  @Benchmark
  public Scorer.Scored scoreApproved() {
    return scorer.score(vector, Optional.of(approving));
  }

  @Benchmark
  public Scorer.Scored scoreFlaggedWithReasons() {
    return scorer.score(vector, Optional.of(flagging));
  }

  @Benchmark
  public Object explainOnly() {
    return explainer.explain(flagging.model(), features, score, flagging.featureNames());
  }
}
