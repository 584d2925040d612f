package io.osprey.scoring;

import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.SigningKeys;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelEnvelopes.Publication;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.topic.OspreyTopics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The scorer's own work per record, in µs, without Kafka Streams' machinery, producer or broker:
 * what a stream thread runs for one feature vector between its source and its sink. The {@code
 * features} topic's deserializer, {@link ScoringProcessor#process} against the RocksDB model store
 * (and, with {@code lastPrediction}, a RocksDB last-prediction store without changelog), and the
 * {@code predictions} topic's encoding (done by the processor). The figure to compare before and
 * after a change of the hot path: far steadier than an end-to-end run on a shared machine. Besides
 * the wall-clock score, it prints the benchmark thread's CPU time per record over the measurement
 * iterations ("CPU per record"), which other processes competing for the cores inflate much less
 * than wall-clock time.
 *
 * <pre>
 *   mvn -o -pl scoring-topology -Pjmh -DskipTests process-test-classes \
 *     org.codehaus.mojo:exec-maven-plugin:3.5.0:exec@jmh -Djmh.args="HotPathBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
  private static final int BATCH = 1024;
  private static final FeatureLayout LAYOUT = FeatureLayout.PAYMENTS;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * {@code default}: 20-32-16-1 (1,217 parameters); {@code crayfish}: 20-160-160-1 (29,281). The
   * README's figures were measured on the 8 columns of before issue 13 (833 and 27,361).
   */
  @Param({"default", "crayfish"})
  public String network;

  /** Share of vectors the model flags, which carry reason codes. */
  @Param({"0.01"})
  public double flagged;

  /** JSON (the default) or AVRO predictions. */
  @Param({"JSON"})
  public String predictionFormat;

  /** Whether the last-prediction store (on with the HTTP endpoint) is written. */
  @Param({"true"})
  public boolean lastPrediction;

  private Path stateDir;
  private MockProcessorContext<String, byte[]> context;
  private ScoringProcessor processor;
  private OspreyTopics topics;
  private byte[][] values;
  private String[] keys;
  private boolean measuring;
  private long cpuNanos;
  private long cpuRecords;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    stateDir = Files.createTempDirectory("osprey-hot-path-bench-");
    Settings settings =
        Settings.of(
            Map.of(
                ScoringSettings.STATE_DIR.key(),
                stateDir.toString(),
                ScoringSettings.HTTP_PORT.key(),
                lastPrediction ? "0" : "-1",
                CommonSettings.PREDICTION_FORMAT.key(),
                predictionFormat));
    ScoringConfig scoring = ScoringConfig.from(settings);
    topics = CommonSettings.topics(settings);
    context =
        new MockProcessorContext<>(
            ScoringTopology.streamsConfig(settings), new TaskId(0, 0), stateDir.toFile());

    KeyValueStore<String, ModelEnvelope> models =
        AdmittedModelStore.builder(topics.models()).build();
    models.init(context.getStateStoreContext(), models);
    context.addStateStore(models);
    if (lastPrediction) {
      KeyValueStore<String, byte[]> last =
          LastPredictionStore.builder(scoring).withLoggingDisabled().build();
      last.init(context.getStateStoreContext(), last);
      context.addStateStore(last);
    }

    double[][] rows = rows(1024);
    Dl4jMlp mlp = Dl4jMlp.create(shape(network), LAYOUT.size());
    double[] sorted = mlp.compile().scoreAll(rows);
    Arrays.sort(sorted);
    double reviewFrom =
        sorted[Math.min(rows.length - 1, (int) Math.round((1 - flagged) * rows.length))];
    new AdmittedModelStore(models)
        .serve(
            ModelRole.CHAMPION,
            envelope(mlp, Math.min(1.0, reviewFrom + scoring.reviewBand())),
            scoring.retainedVersions());

    ScoringMetrics metrics = new ScoringMetrics(MetricsEndpoint.newRegistry());
    processor =
        new ScoringProcessor(scoring, metrics, new AdmittedModelStoreChanges(), topics.predictions());
    processor.init(context);

    keys = new String[rows.length];
    values = new byte[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      FeatureVector vector =
          FeatureVector.newBuilder()
              .setEventId("e-" + i)
              .setEntityId("card-" + i)
              .setEventTime(0)
              .setSpecHash(LAYOUT.specHash())
              .setValues(Arrays.stream(rows[i]).boxed().toList())
              .setIngestTime(0)
              .setFeatureTime(0)
              .build();
      keys[i] = vector.getEntityId();
      values[i] = topics.features().serializeValue(vector);
    }
  }

  static MlpShape shape(String network) {
    return "crayfish".equals(network) ? MlpShape.CRAYFISH : MlpShape.DEFAULT;
  }

  private static double[][] rows(int count) {
    SplittableRandom random = new SplittableRandom(3);
    double[][] rows = new double[count][LAYOUT.size()];
    for (double[] row : rows) {
      for (int f = 0; f < row.length; f++) {
        row[f] = random.nextDouble(-2, 2);
      }
    }
    return rows;
  }

  static ModelEnvelope envelope(Dl4jMlp mlp, double threshold) {
    // An untrained champion: scoring costs the same whatever the weights.
    Publication publication =
        new Publication(
            "bench",
            1,
            null,
            ModelEnvelopes.CHAMPION,
            LAYOUT.specHash(),
            LAYOUT.names(),
            TrainingWindow.newBuilder().setFromEventTime(0).setToEventTime(0).setExamples(0).build(),
            Map.of(),
            threshold,
            "bench");
    // Put in the store directly, past the gate: any key will do.
    return ModelEnvelopes.seal(
        mlp, publication, 0, new ModelSigner(SigningKeys.generate().getPrivate()));
  }

  /** Measurement iterations count the benchmark thread's CPU time; warm-up ones do not. */
  @Setup(Level.Iteration)
  public void startIteration(IterationParams iteration) {
    measuring = iteration.getType() == IterationType.MEASUREMENT;
  }

  /** Decodes, scores and encodes {@value #BATCH} records; returns the bytes written. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long scoreRecords() {
    long start = THREADS.getCurrentThreadCpuTime();
    String topic = topics.features().name();
    for (int i = 0; i < BATCH; i++) {
      FeatureVector vector =
          topics.features().valueSerde().deserializer().deserialize(topic, values[i]);
      processor.process(new Record<>(keys[i], vector, 0L));
    }
    long bytes = 0;
    for (var forward : context.forwarded()) {
      bytes += forward.record().value().length; // encoded by the processor, as the sink sends
    }
    context.resetForwards();
    if (measuring) {
      cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
      cpuRecords += BATCH;
    }
    return bytes;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.out.printf(
        Locale.ROOT,
        "%nCPU per record (%s, flagged %s, %s, last prediction %s): %.2f µs%n",
        network,
        flagged,
        predictionFormat,
        lastPrediction,
        cpuNanos / 1000.0 / cpuRecords);
    try (Stream<Path> walk = Files.walk(stateDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
