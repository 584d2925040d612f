package io.osprey.bench;

import io.osprey.ingest.IngestSettings;
import io.osprey.ingest.IngestSettings.Delivery;
import io.osprey.ingest.IngestWiring;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.system.DemoSettings;
import io.osprey.system.EmbeddedFlink;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./osprey bench ingest}: the stream-ingest Flink job alone. One embedded KRaft broker and
 * the load driver in this JVM; the job on a MiniCluster exactly as the demo runs it (its state
 * backend, the demo's parallelism), once with the at-least-once sink (the default) and once with
 * the exactly-once sink, then a {@link FlinkPassthrough} as the floor. Each gets topics of its own
 * and the plan's rate steps of simulated payments (JSON on {@code transactions}); latency runs to
 * the payment's feature vector as a {@code read_committed} reader sees it. Every payment goes the
 * whole way through the job: parse, validate, dedupe, features, and the label join, which keeps
 * each vector for the maturity window and then emits it as an implicit negative training example.
 */
public final class IngestBenchRun {
  /**
   * Checkpoint interval of the exactly-once run: its vectors become visible only when a checkpoint
   * commits them, so with the default 10 s a 15 s step would see one or two bursts and its drain
   * (which stops after 5 s without results) would give up between them. The latency cost of
   * exactly-once at the default interval is measured in stream-ingest's README.
   */
  static final Duration EXACTLY_ONCE_CHECKPOINTS = Duration.ofSeconds(2);

  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final long SEED = 13;
  private static final String FLINK = "flink";
  private static final String DRIVER = "load driver";
  private static final String JIT = "jit";
  private static final String REST = "broker, kafka clients and other threads";

  private final BenchPlan plan;
  private final Settings overrides;
  private final Path outDir;
  private final PrintStream progress;

  /**
   * @param overrides settings applied over the benchmark's (e.g. {@code demo.flink.parallelism})
   */
  public IngestBenchRun(BenchPlan plan, Settings overrides, Path outDir, PrintStream progress) {
    this.plan = plan;
    this.overrides = overrides;
    this.outDir = outDir;
    this.progress = progress;
  }

  /** One system measured: a label, how it is set up, and the job it runs. */
  private record Contender(String label, String description, Settings settings, boolean floor) {
    OspreyTopics topics() {
      return CommonSettings.topics(settings);
    }

    Consumer<StreamExecutionEnvironment> job() {
      return floor
          ? FlinkPassthrough.job(
              KafkaClients.from(settings),
              topics().transactions().name(),
              topics().features().name(),
              settings.get(IngestSettings.CONSUMER_GROUP))
          : env -> IngestWiring.kafka(settings).buildOn(env);
    }

    Workload workload() {
      String runId = label.replaceAll("[^a-z]", "") + SEED;
      return floor
          ? PaymentWorkload.jsonResults(SEED, runId)
          : PaymentWorkload.featureVectorResults(SEED, runId, topics().features());
    }
  }

  /** Runs every contender and returns the path of the Markdown report. */
  public Path run() throws Exception {
    Map<String, List<StepResult>> steps = new LinkedHashMap<>();
    Map<String, List<double[]>> backlog = new LinkedHashMap<>();
    CpuPerStep cpu = cpuPerStep();
    Path work = Files.createTempDirectory("osprey-ingest-bench-");
    List<Contender> contenders;
    int parallelism;
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      Settings base = overrides.with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
      parallelism = base.get(DemoSettings.FLINK_PARALLELISM);
      contenders = contenders(base);
      for (Contender contender : contenders) {
        TopicAdmin.ensureTopics(contender.settings());
        try (EmbeddedFlink job =
            EmbeddedFlink.start(
                contender.label(),
                contender.job(),
                work.resolve(contender.label().replace(' ', '-')),
                parallelism,
                0)) {
          job.awaitRunning(STARTUP);
          List<double[]> samples = new ArrayList<>();
          try (LoadDriver driver =
              new LoadDriver(
                  contender.label(),
                  kafka.bootstrapServers(),
                  contender.topics().transactions().name(),
                  contender.topics().features().name(),
                  contender.workload())) {
            steps.put(
                contender.label(),
                new RateSweep(plan, progress)
                    .run(driver, contender.label(), samples, cpu.observer(contender.label())));
          }
          backlog.put(contender.label(), samples);
        }
      }
    } finally {
      WorkDirs.deleteQuietly(work);
    }
    Path report =
        new BenchReport(
                new BenchReport.Heading(
                    "Ingest job benchmark",
                    "from handing a payment to the producer to its feature vector's arrival at the"
                        + " driver's read_committed consumer (HdrHistogram, µs precision)"),
                plan,
                MachineInfo.current(),
                steps,
                backlog,
                List.of(
                    setUp(contenders, parallelism),
                    AgainstFloor.markdown(
                        steps,
                        FlinkPassthrough.LABEL,
                        "`flink passthrough` is a Kafka source chained to an at-least-once Kafka"
                            + " sink in one Flink task, with the ingest job's checkpoint interval,"
                            + " that copies each payment's bytes to `features` unparsed"
                            + " (`FlinkPassthrough`): what reading and writing Kafka in Flink costs"
                            + " on this broker and these cores, with no network exchange, parsing"
                            + " or state."),
                    cpu.markdown(
                        "Flink: the job's task threads and source fetchers (named `… (n/m)#k`) and"
                            + " its asynchronous checkpoint threads (`AsyncOperations-…`). The"
                            + " job's Kafka clients (producers, consumers) count with the broker."),
                    "The broker, the job and the driver compete for the same cores, and other"
                        + " processes on the machine take their share: compare runs only with"
                        + " that column in view."))
            .write(outDir);
    cpu.writeCsv(outDir);
    return report;
  }

  private static List<Contender> contenders(Settings base) {
    return List.of(
        new Contender(
            "at-least-once",
            "the ingest job as configured (at-least-once sink by default)",
            ingest(base, "alo."),
            false),
        new Contender(
            "exactly-once",
            String.format(
                Locale.ROOT,
                "the ingest job with the exactly-once (transactional) sink and %d s checkpoints",
                EXACTLY_ONCE_CHECKPOINTS.toSeconds()),
            ingest(base, "eos.")
                .with(IngestSettings.DELIVERY_GUARANTEE, Delivery.EXACTLY_ONCE)
                .with(IngestSettings.CHECKPOINT_INTERVAL, EXACTLY_ONCE_CHECKPOINTS),
            false),
        new Contender(
            FlinkPassthrough.LABEL,
            "payments copied to `features` unparsed",
            ingest(base, "floor."),
            true));
  }

  /** The settings of one contender: topics and consumer group of its own. */
  private static Settings ingest(Settings base, String prefix) {
    return base.with(CommonSettings.TOPIC_PREFIX, prefix)
        .with(IngestSettings.CONSUMER_GROUP, prefix + "ingest");
  }

  private static CpuPerStep cpuPerStep() {
    return new CpuPerStep(
        new CpuUsage(
            List.of(
                CpuUsage.Group.java(DRIVER, name -> name.contains(LoadDriver.THREAD_PREFIX)),
                CpuUsage.Group.java(
                    FLINK,
                    name ->
                        name.matches(".*\\(\\d+/\\d+\\)#\\d+.*")
                            || name.startsWith("AsyncOperations")),
                new CpuUsage.Group(
                    JIT, name -> false, name -> name.matches("C[12] CompilerThre.*"))),
            REST),
        FLINK);
  }

  private String setUp(List<Contender> contenders, int parallelism) {
    Settings first = contenders.get(0).settings();
    StringBuilder md = new StringBuilder("## Set-up\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- one JVM: an embedded KRaft broker, a Flink MiniCluster (parallelism %d, %s"
                + " state backend, as the demo runs the job) and the load driver share the"
                + " machine's cores\n"
                + "- %d partitions per topic; feature spec `%s`; checkpoints every %d s (unless"
                + " said); maturity window %s\n"
                + "- input: simulated payments of %,d cards as JSON on `transactions`, no"
                + " labels (every vector matures into an implicit negative example)\n",
            parallelism,
            first.get(IngestSettings.STATE_BACKEND).flinkName(),
            first.get(CommonSettings.TOPIC_PARTITIONS),
            first.get(CommonSettings.FEATURE_SPEC),
            first.get(IngestSettings.CHECKPOINT_INTERVAL).toSeconds(),
            first.get(IngestSettings.MATURITY_WINDOW),
            PaymentWorkload.CARDS));
    md.append("- settings given: ").append(overrides.toString()).append('\n');
    md.append("- systems, one after the other on the same broker, each with topics of its own:\n");
    contenders.forEach(
        c ->
            md.append("  - `")
                .append(c.label())
                .append("`: ")
                .append(c.description())
                .append('\n'));
    return md.toString();
  }
}
