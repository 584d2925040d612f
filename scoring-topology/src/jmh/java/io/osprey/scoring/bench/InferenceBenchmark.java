package io.osprey.scoring.bench;

import io.osprey.model.ScoringModel;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows scored per second by the three ways to run a served network: DL4J one row per {@code
 * output()} call, DL4J in batches of 256, and the compiled plain-Java forward pass the scorer uses.
 * Every result is in rows/s (a batch call counts as 256 operations).
 *
 * <p>Not part of {@code mvn verify}; run it with the {@code jmh} profile (see the module pom):
 *
 * <pre>
 *   mvn -o -pl scoring-topology -Pjmh -DskipTests process-test-classes org.codehaus.mojo:exec-maven-plugin:3.5.0:exec@jmh
 * </pre>
 *
 * {@code network}: {@code default} is the trainer's default shape (8-32-16-1, 833 parameters);
 * {@code crayfish} is {@link MlpShape#CRAYFISH} (8-160-160-1: 27,361 parameters), the model size of
 * the Crayfish streaming-inference benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InferenceBenchmark {
  private static final int FEATURES = 8;
  private static final int BATCH = 256;

  @Param({"default", "crayfish"})
  public String network;

  private ScoringModel dl4j;
  private ScoringModel compiled;
  private double[] row;
  private double[][] batch;

  @Setup
  public void setUp() {
    MlpShape shape = "crayfish".equals(network) ? MlpShape.CRAYFISH : MlpShape.DEFAULT;
    Dl4jMlp mlp = Dl4jMlp.create(shape, FEATURES);
    dl4j = mlp;
    compiled = mlp.compile();
    SplittableRandom random = new SplittableRandom(1);
    batch = new double[BATCH][FEATURES];
    for (double[] r : batch) {
      for (int i = 0; i < FEATURES; i++) {
        r[i] = random.nextDouble(-2, 2);
      }
    }
    row = batch[0];
  }

  @Benchmark
  public double dl4jSingleRow() {
    return dl4j.score(row);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] dl4jBatch256() {
    return dl4j.scoreAll(batch);
  }

  @Benchmark
  public double compiledSingleRow() {
    return compiled.score(row);
  }
}
