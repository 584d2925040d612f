package io.osprey.system.cluster;

import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.BrokerSecurity;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.kafka.TopicCreation;
import io.osprey.system.DemoKeys;
import io.osprey.system.OspreyPrincipals;
import io.osprey.system.cluster.FlinkSession.JobState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Osprey as separate processes on this machine, as a small production deployment runs it: a
 * three-node KRaft Kafka cluster, a Flink session cluster (job manager, two task managers) running
 * the ingest job jar on RocksDB with checkpoints on local disk, two scorers, one trainer and the
 * simulator. {@link #up} starts what is not running in dependency order and waits for each step;
 * {@link #status} checks every process; {@link #down} stops them in reverse (the job with a
 * savepoint), and the next {@code up} resumes from where they stopped. {@link #kill} and {@link
 * #restart} are what an orchestrator sees and does when a process dies.
 */
public final class LocalCluster {
  static final String INGEST_JOB = "ingest-job";
  private static final int BROKERS = 3;
  private static final int TASK_MANAGERS = 2;

  private final Settings settings;
  private final ClusterLayout layout;
  private final ClusterProcesses processes;
  private final KafkaNodes kafka;
  private final FlinkSession flink;
  private final OspreyComponents components;
  private final Path log4jConfig;
  private final Path jobJar;
  private final PrintStream progress;
  private final Optional<BrokerSecurity> security;

  private LocalCluster(
      Settings settings, ClusterLayout layout, Launcher launcher, PrintStream progress)
      throws IOException {
    this.layout = layout;
    this.progress = progress;
    this.log4jConfig = writeLog4jConfig(layout);
    Settings clustered = OspreyComponents.forCluster(settings, layout);
    this.settings = DemoKeys.withSigningKey(clustered, layout.dir());
    this.processes = new ClusterProcesses(layout);
    this.security =
        layout.secured()
            ? Optional.of(
                BrokerSecurity.load(layout.dataDir("kafka-credentials"), OspreyPrincipals.USERS))
            : Optional.empty();
    this.kafka = new KafkaNodes(layout, launcher.classpath(), security);
    this.flink =
        new FlinkSession(layout, Path.of(settings.get(ClusterSettings.FLINK_LIB)), TASK_MANAGERS);
    this.components = new OspreyComponents(layout, this.settings, launcher, log4jConfig, security);
    this.jobJar = Path.of(settings.get(ClusterSettings.INGEST_JOB_JAR));
  }

  /** The cluster of {@code cluster.dir}, laid out (ports chosen) now if it never ran. */
  public static LocalCluster create(Settings settings, Launcher launcher, PrintStream progress)
      throws IOException {
    Path dir = Path.of(settings.get(ClusterSettings.DIR)).toAbsolutePath();
    return new LocalCluster(
        settings,
        ClusterLayout.openOrCreate(
            dir,
            BROKERS,
            settings.get(ClusterSettings.SCORERS),
            settings.get(ClusterSettings.KAFKA_SECURED)),
        launcher,
        progress);
  }

  /**
   * The cluster of {@code cluster.dir} as an earlier {@code up} laid it out.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static LocalCluster existing(Settings settings, Launcher launcher, PrintStream progress)
      throws IOException {
    Path dir = Path.of(settings.get(ClusterSettings.DIR)).toAbsolutePath();
    return new LocalCluster(settings, ClusterLayout.open(dir), launcher, progress);
  }

  public ClusterLayout layout() {
    return layout;
  }

  /**
   * Clients of this cluster's brokers; on a secured cluster logged in as the super user, who may do
   * anything (create topics, grant ACLs, read every topic).
   */
  public KafkaClients clients() {
    return KafkaClients.from(
        security
            .map(s -> settings.overriddenBy(s.settings(BrokerSecurity.SUPER_USER)))
            .orElse(settings));
  }

  /** Every process, in start order. */
  public List<String> processNames() {
    List<String> names = new ArrayList<>(kafka.names());
    names.add(FlinkSession.JOB_MANAGER);
    names.addAll(flink.taskManagerNames());
    names.addAll(components.scorerNames());
    names.add(OspreyComponents.TRAINER);
    if (settings.get(ClusterSettings.SIMULATOR)) {
      names.add(OspreyComponents.SIMULATOR);
    }
    return names;
  }

  // ---- up ----

  /** Starts whatever is not running, step by step, each awaited; prints a line per step. */
  public void up() throws Exception {
    Duration timeout = settings.get(ClusterSettings.START_TIMEOUT);
    // A conflict between the two guarantee settings is refused before anything starts.
    String guarantee = ClusterSettings.SCORING_GUARANTEE.textOf(components.scoringGuarantee());
    long start = System.nanoTime();
    for (int node = 1; node <= layout.brokers(); node++) {
      processes.start(kafka.spec(node, log4jConfig));
    }
    await(
        "Kafka: " + layout.brokers() + " brokers in the cluster",
        timeout,
        kafka.names(),
        () -> brokersInCluster().size() == layout.brokers());
    grantAcls();
    TopicAdmin.ensureTopics(
        clients(), CommonSettings.topics(settings).all(), TopicCreation.from(settings));
    step(
        "Kafka",
        start,
        "topics ready (replication "
            + KafkaNodes.REPLICATION
            + ", min ISR "
            + KafkaNodes.MIN_INSYNC_REPLICAS
            + ") on "
            + layout.bootstrapServers());

    startFlink(timeout);
    step(
        "Flink",
        start,
        "job manager and "
            + TASK_MANAGERS
            + " task managers, REST on port "
            + layout.flinkRestPort());
    ensureIngestJob(timeout);
    step("ingest job", start, "running");

    for (int i = 1; i <= layout.scorers(); i++) {
      processes.start(components.scorerSpec(i));
    }
    processes.start(components.trainerSpec());
    for (String name :
        Stream.concat(components.scorerNames().stream(), Stream.of(OspreyComponents.TRAINER))
            .toList()) {
      await(name + " /health", timeout, List.of(name), () -> check(name).healthy());
    }
    step(
        "scorers and trainer", start, layout.scorers() + " scorers (" + guarantee + "), 1 trainer");
    if (settings.get(ClusterSettings.SIMULATOR)) {
      processes.start(components.simulatorSpec());
      step("simulator", start, "sending");
    }
  }

  /** Each component's ACLs ({@link OspreyPrincipals}); idempotent. Nothing unsecured. */
  private void grantAcls() throws Exception {
    if (security.isEmpty()) {
      return;
    }
    try (Admin admin = Admin.create(clients().admin())) {
      admin.createAcls(OspreyPrincipals.acls(settings)).all().get(60, TimeUnit.SECONDS);
    }
  }

  private void startFlink(Duration timeout) throws Exception {
    processes.start(flink.jobManager(log4jConfig));
    for (int i = 1; i <= TASK_MANAGERS; i++) {
      processes.start(flink.taskManager(i, log4jConfig));
    }
    List<String> names = new ArrayList<>(List.of(FlinkSession.JOB_MANAGER));
    names.addAll(flink.taskManagerNames());
    await(
        "Flink: " + TASK_MANAGERS + " task managers registered",
        timeout,
        names,
        () -> new HashSet<>(flink.registeredTaskManagers()).containsAll(flink.taskManagerNames()));
  }

  /**
   * Submits the ingest job unless the session runs it already, from the newest retained checkpoint
   * or savepoint when there is one, and waits until it runs.
   */
  void ensureIngestJob(Duration timeout) throws Exception {
    Optional<JobState> job = flink.ingestJob();
    if (job.isEmpty() || job.get().terminal()) {
      Optional<Path> resumeFrom = flink.resumePoint();
      progress.printf(
          "cluster: submitting %s %s%n",
          jobJar(), resumeFrom.map(p -> "from " + p).orElse("with fresh state"));
      ProcessHandle submit =
          processes.start(
              flink.submit(
                  jobJar(),
                  jobArguments(),
                  components.passwordEnvironment(OspreyPrincipals.INGEST),
                  resumeFrom,
                  log4jConfig));
      if (!ClusterProcesses.awaitExit(submit, timeout)) {
        throw new IllegalStateException(
            "flink run did not return; see " + layout.logFile(FlinkSession.SUBMIT));
      }
      processes.deletePidFile(FlinkSession.SUBMIT);
    }
    await(
        "the ingest job running",
        timeout,
        List.of(FlinkSession.JOB_MANAGER),
        () -> flink.ingestJob().map(JobState::running).orElse(false));
  }

  /** The settings the job reads, as {@code key=value} words: its own, the brokers, RocksDB. */
  private List<String> jobArguments() {
    Set<String> jobKeys = new HashSet<>();
    for (Setting<?> setting :
        Setting.declaredIn(
            CommonSettings.class, KafkaSecuritySettings.class, IngestSettings.class)) {
      jobKeys.add(setting.key());
    }
    Settings job =
        components
            .as(OspreyPrincipals.INGEST, settings)
            .with(IngestSettings.STATE_BACKEND, IngestSettings.StateBackend.ROCKSDB);
    List<String> words = new ArrayList<>();
    new TreeMap<>(job.withPrefix(""))
        .forEach(
            (key, value) -> {
              if (jobKeys.contains(key)
                  || key.startsWith(KafkaSecuritySettings.CLIENT_PROPERTY_PREFIX)) {
                words.add(key + "=" + value);
              }
            });
    return words;
  }

  private Path jobJar() throws IOException {
    if (!Files.isDirectory(jobJar)) {
      return jobJar;
    }
    try (Stream<Path> files = Files.list(jobJar)) {
      List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).toList();
      if (jars.size() != 1) {
        throw new IllegalStateException(
            "expected one *-job.jar in "
                + jobJar
                + ", found "
                + jars
                + ": build it with 'mvn -B package -pl cli -am -DskipTests' or set "
                + ClusterSettings.INGEST_JOB_JAR.key());
      }
      return jars.get(0);
    }
  }

  // ---- status ----

  /** Every process's status, in start order, with the ingest job after the task managers. */
  public List<ProcessStatus> status() {
    List<ProcessStatus> statuses = new ArrayList<>();
    Set<Integer> brokers = brokersInCluster(); // once for all three rows
    for (String name : processNames()) {
      statuses.add(check(name, brokers));
      if (name.equals(flink.taskManagerNames().get(flink.taskManagerNames().size() - 1))) {
        statuses.add(jobStatus());
      }
    }
    return statuses;
  }

  /** One process's status. */
  public ProcessStatus check(String name) {
    return check(name, name.startsWith("kafka-") ? brokersInCluster() : Set.of());
  }

  private ProcessStatus check(String name, Set<Integer> brokers) {
    Optional<ProcessHandle> process = processes.find(name);
    if (process.isEmpty()) {
      return new ProcessStatus(name, -1, false, "not running (log: " + layout.logFile(name) + ")");
    }
    long pid = process.get().pid();
    if (name.startsWith("kafka-")) {
      int node = Integer.parseInt(name.substring("kafka-".length()));
      boolean in = brokers.contains(node);
      return new ProcessStatus(
          name,
          pid,
          in,
          (in ? "in the cluster" : "not in the cluster")
              + " (port "
              + layout.kafkaPort(node)
              + ")");
    }
    if (name.equals(FlinkSession.JOB_MANAGER)) {
      return flink
          .overview()
          .map(
              o ->
                  new ProcessStatus(
                      name,
                      pid,
                      true,
                      o.path("taskmanagers").asInt()
                          + " task managers, "
                          + o.path("jobs-running").asInt()
                          + " job(s) running (REST port "
                          + layout.flinkRestPort()
                          + ")"))
          .orElse(new ProcessStatus(name, pid, false, "REST API does not answer"));
    }
    if (name.startsWith("flink-taskmanager-")) {
      boolean registered = flink.registeredTaskManagers().contains(name);
      return new ProcessStatus(
          name, pid, registered, registered ? "registered" : "not registered with the job manager");
    }
    if (name.startsWith("scorer-")) {
      return HttpProbe.check(name, pid, components.scorerMetricsPort(name));
    }
    if (name.equals(OspreyComponents.TRAINER)) {
      return HttpProbe.check(name, pid, layout.trainerMetricsPort());
    }
    return new ProcessStatus(name, pid, true, "running");
  }

  private ProcessStatus jobStatus() {
    return flink
        .ingestJob()
        .map(job -> new ProcessStatus(INGEST_JOB, -1, job.running(), job.state() + " " + job.id()))
        .orElse(
            new ProcessStatus(INGEST_JOB, -1, false, "no job, or the job manager does not answer"));
  }

  /** The node ids of the brokers the cluster's metadata lists now. */
  Set<Integer> brokersInCluster() {
    Map<String, Object> config = clients().admin();
    // generous: on a loaded machine a broker may take seconds to answer
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 8000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    Set<Integer> ids = new HashSet<>();
    try (Admin admin = Admin.create(config)) {
      for (Node node : admin.describeCluster().nodes().get(12, TimeUnit.SECONDS)) {
        ids.add(node.id());
      }
    } catch (Exception e) {
      // no broker answers: none in the cluster
    }
    return ids;
  }

  // ---- down ----

  /** Stops everything in reverse order; the job with a savepoint the next {@code up} resumes. */
  public void down() throws Exception {
    Duration deadline = settings.get(ClusterSettings.STOP_TIMEOUT);
    long start = System.nanoTime();
    stopAll(List.of(OspreyComponents.SIMULATOR), deadline);
    List<String> apps = new ArrayList<>(components.scorerNames());
    apps.add(OspreyComponents.TRAINER);
    stopAll(apps, deadline);
    Optional<JobState> job = flink.ingestJob();
    if (job.isPresent() && job.get().running()) {
      Optional<String> savepoint = flink.stopWithSavepoint(job.get().id(), deadline);
      progress.printf(
          "cluster: ingest job %s%n",
          savepoint
              .map(s -> "stopped with savepoint " + s)
              .orElse(
                  "did not stop with a savepoint; the next up resumes from its last checkpoint"));
    }
    stopAll(flink.taskManagerNames(), deadline);
    stopAll(List.of(FlinkSession.JOB_MANAGER), deadline);
    stopAll(kafka.names(), deadline);
    step("down", start, "every process stopped");
  }

  /** SIGTERM to all of {@code names} at once, then waits; SIGKILL for any still there after. */
  private void stopAll(List<String> names, Duration deadline) throws InterruptedException {
    long start = System.nanoTime();
    List<ProcessHandle> signalled = processes.signalStop(names);
    List<String> killed = new ArrayList<>();
    for (ProcessHandle process : signalled) {
      long left = deadline.toNanos() - (System.nanoTime() - start);
      if (!ClusterProcesses.awaitExit(process, Duration.ofNanos(Math.max(left, 0)))) {
        process.destroyForcibly();
        ClusterProcesses.awaitExit(process, Duration.ofSeconds(30));
        killed.add(String.valueOf(process.pid()));
      }
    }
    names.forEach(processes::deletePidFile);
    if (!signalled.isEmpty()) {
      progress.printf(
          "cluster: stopped %s in %.1f s%s%n",
          String.join(", ", names),
          (System.nanoTime() - start) / 1e9,
          killed.isEmpty()
              ? ""
              : " (killed after " + deadline.toSeconds() + " s: pids " + killed + ")");
    }
  }

  // ---- what an orchestrator does ----

  /** SIGTERM to one process (SIGKILL after {@code cluster.stop.timeout}). */
  public void stop(String name) throws InterruptedException {
    stopAll(List.of(name), settings.get(ClusterSettings.STOP_TIMEOUT));
  }

  /** SIGKILL to one process, as a crash or the OOM killer would end it. */
  public boolean kill(String name) throws InterruptedException {
    return processes.kill(name);
  }

  /**
   * Starts {@code name} again with the command it had. A job manager comes back without its job (a
   * session cluster without HA keeps no job metadata), so the job is resubmitted from its newest
   * retained checkpoint, as an operator's controller would.
   */
  public void restart(String name) throws Exception {
    Duration timeout = settings.get(ClusterSettings.START_TIMEOUT);
    processes.start(spec(name));
    if (name.equals(FlinkSession.JOB_MANAGER)) {
      List<String> names = new ArrayList<>(List.of(FlinkSession.JOB_MANAGER));
      names.addAll(flink.taskManagerNames());
      await(
          "Flink: task managers registered again",
          timeout,
          names,
          () ->
              new HashSet<>(flink.registeredTaskManagers()).containsAll(flink.taskManagerNames()));
      ensureIngestJob(timeout);
    }
  }

  /** Whether the ingest job runs now. */
  public boolean ingestJobRunning() {
    return flink.ingestJob().map(JobState::running).orElse(false);
  }

  private ProcessSpec spec(String name) throws IOException {
    if (name.startsWith("kafka-")) {
      return kafka.spec(Integer.parseInt(name.substring("kafka-".length())), log4jConfig);
    }
    if (name.equals(FlinkSession.JOB_MANAGER)) {
      return flink.jobManager(log4jConfig);
    }
    if (name.startsWith("flink-taskmanager-")) {
      return flink.taskManager(
          Integer.parseInt(name.substring("flink-taskmanager-".length())), log4jConfig);
    }
    if (name.startsWith("scorer-")) {
      return components.scorerSpec(Integer.parseInt(name.substring("scorer-".length())));
    }
    if (name.equals(OspreyComponents.TRAINER)) {
      return components.trainerSpec();
    }
    if (name.equals(OspreyComponents.SIMULATOR)) {
      return components.simulatorSpec();
    }
    throw new IllegalArgumentException(
        "no process " + name + " in the cluster; known: " + processNames());
  }

  // ---- helpers ----

  /**
   * Polls {@code done} until it holds; fails early, naming the log, when one of {@code watched} is
   * no longer running.
   */
  private void await(String what, Duration timeout, List<String> watched, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      for (String name : watched) {
        if (processes.find(name).isEmpty()) {
          throw new IllegalStateException(
              name + " exited while waiting for " + what + "; see " + layout.logFile(name));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no " + what + " after " + timeout + "; see " + layout.dir().resolve("logs"));
      }
      Thread.sleep(500); // polling the processes' own endpoints
    }
  }

  private void step(String what, long start, String detail) {
    progress.printf(
        "cluster: %-20s %s (%.1f s)%n", what, detail, (System.nanoTime() - start) / 1e9);
  }

  private static Path writeLog4jConfig(ClusterLayout layout) throws IOException {
    Path file = layout.confDir().resolve("log4j2.xml");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Every process of the local cluster logs to stdout, which goes to logs/<process>.log. -->
        <Configuration status="WARN">
          <Appenders>
            <Console name="out" target="SYSTEM_OUT">
              <PatternLayout pattern="%d{ISO8601} %-5level [%t] %c{1} - %msg%n"/>
            </Console>
          </Appenders>
          <Loggers>
            <Logger name="org.apache.kafka.clients" level="WARN"/>
            <Logger name="org.apache.kafka.common.config" level="WARN"/>
            <Logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
            <Logger name="org.nd4j" level="WARN"/>
            <Logger name="org.deeplearning4j" level="WARN"/>
            <Root level="INFO"><AppenderRef ref="out"/></Root>
          </Loggers>
        </Configuration>
        """);
    return file;
  }
}
