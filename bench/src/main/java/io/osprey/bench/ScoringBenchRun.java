package io.osprey.bench;

import io.osprey.model.signing.ModelSigner;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringConfig;
import io.osprey.scoring.ScoringService;
import io.osprey.scoring.ScoringSettings;
import io.osprey.system.DemoKeys;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./osprey bench scoring}: the scoring topology alone. One embedded KRaft broker in this
 * JVM, Osprey's topics created as the system creates them, one {@link ScoringService} exactly as
 * the launcher starts it, and for each {@link BenchModel} in turn: its envelope published on {@code
 * models} (a hot swap after the first), then the plan's rate steps of pre-built feature vectors
 * ({@link FeatureWorkload}) while predictions are read back. Writes the Markdown report, the CSV
 * files, the charts and the CPU split per step ({@code cpu.csv}).
 */
public final class ScoringBenchRun {
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final int POOL_SIZE = 4096;
  private static final long POOL_SEED = 7;
  private static final String DRIVER = "load driver";
  private static final String SCORER = "scorer";
  private static final String BROKER = "broker and other threads";
  private static final String JIT = "jit";

  private final BenchPlan plan;
  private final List<BenchModel> models;
  private final double flaggedShare;
  private final boolean passthrough;
  private final Settings overrides;
  private final Path outDir;
  private final PrintStream progress;

  /**
   * @param flaggedShare share of vectors each model flags (they carry reason codes)
   * @param passthrough whether to end with the {@link StreamsPassthrough} floor
   * @param overrides settings applied over the benchmark's (e.g. {@code scoring.stream.threads})
   */
  public ScoringBenchRun(
      BenchPlan plan,
      List<BenchModel> models,
      double flaggedShare,
      boolean passthrough,
      Settings overrides,
      Path outDir,
      PrintStream progress) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no model to benchmark");
    }
    this.plan = plan;
    this.models = List.copyOf(models);
    this.flaggedShare = flaggedShare;
    this.passthrough = passthrough;
    this.overrides = overrides;
    this.outDir = outDir;
    this.progress = progress;
  }

  /** Runs everything and returns the path of the Markdown report. */
  public Path run() throws Exception {
    List<String> modelLines = new ArrayList<>();
    Path work = Files.createTempDirectory("osprey-scoring-bench-");
    Settings settings;
    Sweeps sweeps;
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      settings =
          Settings.empty()
              .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
              .with(ScoringSettings.STATE_DIR, work.resolve("streams").toString())
              // Any free port: the endpoint (and its last-prediction store) on, as by default.
              .with(ScoringSettings.HTTP_PORT, 0)
              .overriddenBy(overrides)
              .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
      settings = DemoKeys.withSigningKey(settings, work);
      ModelSigner signer = ModelSigningSettings.requireSigner(settings);
      TopicAdmin.ensureTopics(settings);
      OspreyTopics topics = CommonSettings.topics(settings);
      ScoringConfig scoring = ScoringConfig.from(settings);
      FeaturePool pool = FeaturePool.generate(POOL_SEED, POOL_SIZE);
      sweeps =
          new Sweeps(kafka.bootstrapServers(), topics, pool, cpuUsage(scoring.applicationId()));
      try (ScoringService service = ScoringService.start(settings, MetricsEndpoint.newRegistry())) {
        service.awaitRunning(STARTUP);
        long version = 0;
        for (BenchModel model : models) {
          BenchModel.Sealed sealed =
              model.seal(++version, pool, flaggedShare, scoring.reviewBand(), signer);
          modelLines.add(
              String.format(
                  Locale.ROOT,
                  "- %s; flags %.2f%% of the vectors (threshold %.4f)",
                  sealed.description(),
                  100 * sealed.flaggedShare(),
                  sealed.envelope().getThreshold()));
          publish(settings, topics, sealed.envelope());
          awaitServed(service, version);
          sweeps.run(model.label());
        }
      }
      if (passthrough) { // after the scorer has stopped: the two never share the topics
        try (StreamsPassthrough floor = StreamsPassthrough.start(settings, STARTUP)) {
          sweeps.run(StreamsPassthrough.LABEL);
        }
      }
    } finally {
      WorkDirs.deleteQuietly(work);
    }
    List<String> sections =
        List.of(
            setUp(settings, modelLines),
            AgainstFloor.markdown(
                sweeps.steps,
                StreamsPassthrough.LABEL,
                "`passthrough` is a Kafka Streams application with the scorer's streams settings"
                    + " that only decodes each vector for its event id and forwards it"
                    + " (`StreamsPassthrough`): what any scorer on this broker and these cores"
                    + " could reach at best."),
            sweeps.cpu.markdown(
                "Scorer: its Kafka Streams threads and clients and RocksDB's background threads."),
            limitsNote());
    Path report =
        new BenchReport(
                new BenchReport.Heading(
                    "Scoring topology benchmark",
                    "from handing a feature vector to the producer to its prediction's arrival at"
                        + " the driver's consumer (HdrHistogram, µs precision)"),
                plan,
                MachineInfo.current(),
                sweeps.steps,
                sweeps.backlog,
                sections)
            .write(outDir);
    sweeps.cpu.writeCsv(outDir);
    return report;
  }

  /** One rate sweep per system on the same broker, with what each measured. */
  private final class Sweeps {
    final Map<String, List<StepResult>> steps = new LinkedHashMap<>();
    final Map<String, List<double[]>> backlog = new LinkedHashMap<>();
    private final String bootstrap;
    private final OspreyTopics topics;
    private final FeaturePool pool;
    final CpuPerStep cpu;

    Sweeps(String bootstrap, OspreyTopics topics, FeaturePool pool, CpuPerStep cpu) {
      this.bootstrap = bootstrap;
      this.topics = topics;
      this.pool = pool;
      this.cpu = cpu;
    }

    /** The plan's sweep against whatever now turns {@code features} into {@code predictions}. */
    void run(String label) throws Exception {
      List<double[]> samples = new ArrayList<>();
      try (LoadDriver driver =
          new LoadDriver(
              label,
              bootstrap,
              topics.features().name(),
              topics.predictions().name(),
              new FeatureWorkload(pool, topics.features(), label, System.currentTimeMillis()))) {
        steps.put(
            label, new RateSweep(plan, progress).run(driver, label, samples, cpu.observer(label)));
      }
      backlog.put(label, samples);
    }
  }

  /**
   * The driver's threads are named after it; the scorer's Kafka Streams threads and clients carry
   * its application id, and its RocksDB stores compact on native threads; the JIT compiles on
   * native threads too (for minutes on 2 cores, with a broker and Kafka Streams to compile).
   */
  private static CpuPerStep cpuUsage(String applicationId) {
    return new CpuPerStep(
        new CpuUsage(
            List.of(
                CpuUsage.Group.java(DRIVER, name -> name.contains(LoadDriver.THREAD_PREFIX)),
                new CpuUsage.Group(
                    SCORER,
                    name -> name.contains(applicationId),
                    name -> name.startsWith("rocksdb:")),
                new CpuUsage.Group(
                    JIT, name -> false, name -> name.matches("C[12] CompilerThre.*"))),
            BROKER),
        SCORER);
  }

  private static void publish(Settings settings, OspreyTopics topics, ModelEnvelope envelope)
      throws Exception {
    try (KafkaProducer<String, ModelEnvelope> producer =
        new KafkaProducer<>(
            KafkaClients.from(settings).producer("osprey-bench-models"),
            topics.models().keySerde().serializer(),
            topics.models().valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(topics.models().name(), envelope.getName(), envelope))
          .get();
    }
  }

  private static void awaitServed(ScoringService service, long version)
      throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (service.modelVersion() != version) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the scorer did not accept model v" + version + " within " + STARTUP);
      }
      Thread.sleep(50); // a bounded poll of the scorer's served version
    }
  }

  private String setUp(Settings settings, List<String> modelLines) {
    ScoringConfig scoring = ScoringConfig.from(settings);
    StringBuilder md = new StringBuilder("## Set-up\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- one JVM: an embedded KRaft broker, the scorer (`ScoringService`, as the launcher"
                + " starts it) and the load driver share the machine's cores\n"
                + "- %d partitions per topic; %s, commit interval %d ms, %d stream thread(s), HTTP"
                + " endpoint %s, predictions as %s\n"
                + "- input: %d pre-built `FeatureVector`s (Avro single-object encoding, the"
                + " `features` topic's format), re-numbered per event, %d entities; flat out, at"
                + " most 500,000 events are in flight (the driver waits for results)\n",
            settings.get(CommonSettings.TOPIC_PARTITIONS),
            scoring.guarantee().streamsName(),
            scoring.commitInterval().toMillis(),
            scoring.streamThreads(),
            scoring.httpPort() >= 0 ? "on (last prediction per entity stored)" : "off",
            settings.get(CommonSettings.PREDICTION_FORMAT),
            POOL_SIZE,
            FeatureWorkload.ENTITIES));
    md.append("- settings given: ").append(overrides.toString()).append('\n');
    md.append("- models, one after the other on the same scorer (a hot swap):\n");
    modelLines.forEach(line -> md.append("  ").append(line).append('\n'));
    return md.toString();
  }

  private static String limitsNote() {
    return "The broker, the scorer and the driver compete for the same cores, and other processes"
        + " on the machine (last column) take their share: compare runs only with that column in"
        + " view.";
  }
}
