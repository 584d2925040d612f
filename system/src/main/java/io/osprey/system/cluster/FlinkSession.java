package io.osprey.system.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.system.EmbeddedFlink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster made of Flink's own entrypoints, as {@code bin/jobmanager.sh}
 * and {@code bin/taskmanager.sh} start them: {@code StandaloneSessionClusterEntrypoint} and {@code
 * TaskManagerRunner} on the jars of {@code cluster.flink.lib} (Flink's modules from Maven Central,
 * where no full distribution is published), reading one {@code conf/flink/config.yaml}. Their JVM
 * memory flags are computed by Flink's own code from that configuration, as the scripts' {@code
 * BashJavaUtils} does. Jobs are submitted with Flink's {@code CliFrontend} ({@code flink run}) and
 * watched and stopped through the REST API.
 *
 * <p>Sized for a shared laptop: a 512 MB job manager and task managers of about 600 MB with one
 * slot each, heartbeats tight enough that a lost task manager is noticed in seconds.
 */
final class FlinkSession {
  static final String JOB_MANAGER = "flink-jobmanager";
  static final String SUBMIT = "flink-submit";
  static final String JOB_NAME = "osprey-stream-ingest";
  private static final String ENTRYPOINT =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_RUNNER =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String CLI = "org.apache.flink.client.cli.CliFrontend";

  /** What Flink's default configuration passes every JVM on Java 17 (env.java.opts.all). */
  private static final List<String> JAVA_17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final ClusterLayout layout;
  private final Path flinkLib;
  private final int taskManagers;
  private final Configuration conf;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  FlinkSession(ClusterLayout layout, Path flinkLib, int taskManagers) {
    this.layout = layout;
    this.flinkLib = flinkLib;
    this.taskManagers = taskManagers;
    this.conf = configuration(layout, taskManagers);
  }

  static String taskManager(int index) {
    return "flink-taskmanager-" + index;
  }

  List<String> taskManagerNames() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= taskManagers; i++) {
      names.add(taskManager(i));
    }
    return names;
  }

  /** Where retained checkpoints and the savepoints of {@code down} go; a restart resumes here. */
  Path checkpoints() {
    return layout.dataDir("flink-checkpoints");
  }

  private static Configuration configuration(ClusterLayout layout, int taskManagers) {
    String host = ClusterProcesses.LOOPBACK;
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.ADDRESS, host);
    conf.set(JobManagerOptions.BIND_HOST, host);
    conf.set(JobManagerOptions.PORT, layout.flinkRpcPort());
    conf.set(RestOptions.ADDRESS, host);
    conf.set(RestOptions.BIND_ADDRESS, host);
    conf.set(RestOptions.PORT, layout.flinkRestPort());
    conf.set(TaskManagerOptions.HOST, host);
    conf.set(TaskManagerOptions.BIND_HOST, host);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, taskManagers);
    String checkpoints = layout.dataDir("flink-checkpoints").toUri().toString();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpoints);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(2));
    conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));
    conf.set(JobManagerOptions.JVM_HEAP_MEMORY, MemorySize.ofMebiBytes(192));
    conf.set(JobManagerOptions.OFF_HEAP_MEMORY, MemorySize.ofMebiBytes(64));
    conf.set(JobManagerOptions.JVM_METASPACE, MemorySize.ofMebiBytes(192));
    conf.set(JobManagerOptions.JVM_OVERHEAD_MIN, MemorySize.ofMebiBytes(64));
    conf.set(JobManagerOptions.JVM_OVERHEAD_MAX, MemorySize.ofMebiBytes(64));
    conf.set(TaskManagerOptions.FRAMEWORK_HEAP_MEMORY, MemorySize.ofMebiBytes(64));
    conf.set(TaskManagerOptions.FRAMEWORK_OFF_HEAP_MEMORY, MemorySize.ofMebiBytes(64));
    conf.set(TaskManagerOptions.TASK_HEAP_MEMORY, MemorySize.ofMebiBytes(128));
    conf.set(TaskManagerOptions.TASK_OFF_HEAP_MEMORY, MemorySize.ofMebiBytes(0));
    // RocksDB's block cache and write buffers live in managed memory.
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(96));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(32));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(32));
    conf.set(TaskManagerOptions.JVM_METASPACE, MemorySize.ofMebiBytes(160));
    conf.set(TaskManagerOptions.JVM_OVERHEAD_MIN, MemorySize.ofMebiBytes(64));
    conf.set(TaskManagerOptions.JVM_OVERHEAD_MAX, MemorySize.ofMebiBytes(64));
    return conf;
  }

  /** Writes {@code conf/flink/config.yaml} (flat keys, every value quoted). */
  Path writeConfig() throws IOException {
    Path dir = layout.confDir().resolve("flink");
    Files.createDirectories(dir);
    StringBuilder yaml = new StringBuilder("# written by ./osprey cluster up\n");
    conf.toMap().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                yaml.append(e.getKey())
                    .append(": '")
                    .append(e.getValue().replace("'", "''"))
                    .append("'\n"));
    Files.writeString(dir.resolve("config.yaml"), yaml.toString());
    return dir;
  }

  ProcessSpec jobManager(Path log4jConfig) throws IOException {
    Path confDir = writeConfig();
    JobManagerProcessSpec memory = JobManagerProcessUtils.processSpecFromConfig(conf);
    List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
    args.addAll(words(JobManagerProcessUtils.generateDynamicConfigsStr(memory)));
    return ProcessSpec.java(
        JOB_MANAGER,
        layout.dir(),
        jvmOptions(
            words(JobManagerProcessUtils.generateJvmParametersStr(memory, conf)),
            log4jConfig,
            JOB_MANAGER),
        classpath(),
        ENTRYPOINT,
        args,
        Map.of());
  }

  ProcessSpec taskManager(int index, Path log4jConfig) throws IOException {
    Path confDir = writeConfig();
    TaskExecutorProcessSpec memory = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
    args.add("-D");
    args.add(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + taskManager(index));
    args.addAll(words(TaskExecutorProcessUtils.generateDynamicConfigsStr(memory)));
    return ProcessSpec.java(
        taskManager(index),
        layout.dir(),
        jvmOptions(
            words(ProcessMemoryUtils.generateJvmParametersStr(memory)),
            log4jConfig,
            taskManager(index)),
        classpath(),
        TASK_MANAGER_RUNNER,
        args,
        Map.of());
  }

  /**
   * {@code flink run -d} of the ingest job jar with {@code jobArguments} ({@code key=value}
   * settings), from {@code resumeFrom} when given: a one-shot process that exits once the job is
   * submitted.
   */
  ProcessSpec submit(
      Path jobJar,
      List<String> jobArguments,
      Map<String, String> environment,
      Optional<Path> resumeFrom,
      Path log4jConfig)
      throws IOException {
    Path confDir = writeConfig();
    List<String> args = new ArrayList<>(List.of("run", "-d"));
    resumeFrom.ifPresent(
        path -> {
          args.add("-s");
          args.add(path.toString());
        });
    args.add(jobJar.toString());
    args.addAll(jobArguments);
    return ProcessSpec.java(
        SUBMIT,
        layout.dir(),
        jvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC"), log4jConfig, SUBMIT),
        classpath(),
        CLI,
        args,
        withConfDir(environment, confDir));
  }

  private static Map<String, String> withConfDir(Map<String, String> environment, Path confDir) {
    Map<String, String> all = new java.util.HashMap<>(environment);
    all.put("FLINK_CONF_DIR", confDir.toString());
    return all;
  }

  /** The newest retained checkpoint or savepoint, where a (re)submitted job resumes. */
  Optional<Path> resumePoint() throws IOException {
    return EmbeddedFlink.newestCheckpoint(checkpoints());
  }

  private List<String> jvmOptions(List<String> memory, Path log4jConfig, String name) {
    List<String> options = new ArrayList<>(memory);
    options.add("-XX:+UseSerialGC");
    options.addAll(JAVA_17_OPENS);
    options.add("-Dlog4j2.configurationFile=" + log4jConfig);
    options.add("-Dlog.file=" + layout.logFile(name));
    options.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.osprey.schema");
    return options;
  }

  private String classpath() {
    if (!Files.isDirectory(flinkLib)) {
      throw new IllegalStateException(
          "no Flink runtime in "
              + flinkLib
              + ": build it with 'mvn -B package -pl cli -am -DskipTests' ("
              + ClusterSettings.FLINK_LIB.key()
              + ")");
    }
    return flinkLib.toAbsolutePath() + "/*";
  }

  private static List<String> words(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  // ---- REST ----

  private Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(json.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private URI uri(String path) {
    return URI.create("http://" + ClusterProcesses.LOOPBACK + ":" + layout.flinkRestPort() + path);
  }

  /** The job manager's overview (task managers, slots, running jobs), or empty when it is down. */
  Optional<JsonNode> overview() {
    return get("/overview");
  }

  /** The resource ids of the task managers registered with the job manager now. */
  List<String> registeredTaskManagers() {
    List<String> ids = new ArrayList<>();
    get("/taskmanagers")
        .ifPresent(
            body -> body.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText())));
    return ids;
  }

  /** The ingest job this session runs or last ran, newest first: id and state. */
  Optional<JobState> ingestJob() {
    return get("/jobs/overview")
        .flatMap(
            body -> {
              JobState newest = null;
              long newestStart = Long.MIN_VALUE;
              for (JsonNode job : body.path("jobs")) {
                if (JOB_NAME.equals(job.path("name").asText())
                    && job.path("start-time").asLong() > newestStart) {
                  newestStart = job.path("start-time").asLong();
                  newest = new JobState(job.path("jid").asText(), job.path("state").asText());
                }
              }
              return Optional.ofNullable(newest);
            });
  }

  /**
   * Stops the job with a savepoint into {@link #checkpoints()} (sinks flushed, offsets and state
   * consistent), waiting at most {@code deadline}.
   *
   * @return the savepoint's location, or empty when the job could not be stopped that way
   */
  Optional<String> stopWithSavepoint(String jobId, Duration deadline) throws InterruptedException {
    try {
      String body =
          json.writeValueAsString(
              Map.of("targetDirectory", checkpoints().toUri().toString(), "drain", false));
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202 && response.statusCode() != 200) {
        return Optional.empty();
      }
      String requestId = json.readTree(response.body()).path("request-id").asText();
      long end = System.nanoTime() + deadline.toNanos();
      while (System.nanoTime() < end) {
        Optional<JsonNode> status = get("/jobs/" + jobId + "/savepoints/" + requestId);
        if (status.isPresent()
            && "COMPLETED".equals(status.get().path("status").path("id").asText())) {
          JsonNode location = status.get().path("operation").path("location");
          return location.isMissingNode() || location.isNull()
              ? Optional.empty()
              : Optional.of(location.asText());
        }
        Thread.sleep(500); // polling the savepoint operation's status
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A job's id and state as the REST API reports it. */
  record JobState(String id, String state) {
    boolean running() {
      return "RUNNING".equals(state);
    }

    boolean terminal() {
      return List.of("FINISHED", "CANCELED", "FAILED", "SUSPENDED").contains(state);
    }
  }
}
