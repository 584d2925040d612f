package io.osprey.system;

import io.osprey.ingest.IngestWiring;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream-ingest job on a Flink MiniCluster inside this JVM. Checkpoints are retained on
 * cancellation, and the next start resumes from the newest one, so features and pending label joins
 * survive a restart of the demo.
 */
public final class EmbeddedFlink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFlink.class);

  /** How long status requests may go unanswered before the job counts as lost. */
  static final Duration UNANSWERED_LIMIT = Duration.ofSeconds(60);

  private final JobClient job;
  private final Path checkpoints;
  private final UnansweredStatus unanswered =
      new UnansweredStatus(UNANSWERED_LIMIT, System::nanoTime);

  private EmbeddedFlink(JobClient job, Path checkpoints) {
    this.job = job;
    this.checkpoints = checkpoints;
  }

  /** The ingest job of {@code settings}. */
  static EmbeddedFlink start(Settings settings, Path dataDir, int parallelism, int metricsPort)
      throws Exception {
    return start(
        "osprey-stream-ingest",
        env -> IngestWiring.kafka(settings).buildOn(env),
        dataDir,
        parallelism,
        metricsPort,
        settings);
  }

  /**
   * Any job on a MiniCluster configured the way the demo runs ingest (so that the benchmark's
   * pass-through baseline gets the same Flink settings).
   */
  public static EmbeddedFlink start(
      String jobName,
      Consumer<StreamExecutionEnvironment> job,
      Path dataDir,
      int parallelism,
      int metricsPort)
      throws Exception {
    return start(jobName, job, dataDir, parallelism, metricsPort, Settings.empty());
  }

  private static EmbeddedFlink start(
      String jobName,
      Consumer<StreamExecutionEnvironment> job,
      Path dataDir,
      int parallelism,
      int metricsPort,
      Settings settings)
      throws Exception {
    Path checkpoints = dataDir.resolve("flink-checkpoints");
    Files.createDirectories(checkpoints);
    Configuration conf = listeners(settings, metricsPort);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    // Heap state needs no managed memory; keep the MiniCluster small.
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(32));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    Optional<Path> resumeFrom = newestCheckpoint(checkpoints);
    if (resumeFrom.isPresent()) {
      pruneOldJobs(checkpoints, resumeFrom.get());
    }
    resumeFrom.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toString()));

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    job.accept(env);
    JobClient client = env.executeAsync(jobName);
    LOG.info(
        "{} running on a Flink MiniCluster (parallelism {}, {})",
        jobName,
        parallelism,
        resumeFrom.map(p -> "resumed from " + p).orElse("fresh state"));
    return new EmbeddedFlink(client, checkpoints);
  }

  /**
   * Where the MiniCluster listens: every server socket on {@code demo.bind.address} (loopback by
   * default), its Prometheus endpoint on {@code metrics.bind.address}. Unset, Flink binds its REST
   * API (which has no authentication), its BLOB server and its metrics endpoint to all interfaces.
   * Cancelling jobs through REST is off: the demo stops its job itself, with a savepoint.
   */
  static Configuration listeners(Settings settings, int metricsPort) {
    String bindAddress = settings.get(DemoSettings.BIND_ADDRESS);
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, bindAddress);
    conf.set(RestOptions.ADDRESS, advertised(bindAddress));
    // The BLOB server binds jobmanager.bind-host; RPC, where remote, binds both bind hosts.
    conf.set(JobManagerOptions.BIND_HOST, bindAddress);
    conf.set(JobManagerOptions.ADDRESS, advertised(bindAddress));
    conf.set(TaskManagerOptions.BIND_HOST, bindAddress);
    conf.set(TaskManagerOptions.HOST, advertised(bindAddress));
    conf.set(WebOptions.CANCEL_ENABLE, false);
    conf.setString(
        "metrics.reporter.prom.factory.class", BoundPrometheusReporter.Factory.class.getName());
    conf.setString(
        "metrics.reporter.prom." + BoundPrometheusReporter.ARG_HOST,
        settings.get(CommonSettings.METRICS_BIND_ADDRESS));
    conf.setString(
        "metrics.reporter.prom." + BoundPrometheusReporter.ARG_PORT, String.valueOf(metricsPort));
    return conf;
  }

  /** The address clients in this JVM reach a listener bound to {@code bindAddress} at. */
  private static String advertised(String bindAddress) {
    return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "localhost" : bindAddress;
  }

  /**
   * The newest completed checkpoint or savepoint under {@code root}: a {@code chk-N} folder of a
   * job, or a {@code savepoint-*} folder taken when the demo stopped, with its metadata.
   */
  public static Optional<Path> newestCheckpoint(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> walk = Files.walk(root, 2)) {
      return walk.filter(
              p ->
                  p.getFileName().toString().startsWith("chk-")
                      || p.getFileName().toString().startsWith("savepoint-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingLong(EmbeddedFlink::lastModified));
    }
  }

  private static long lastModified(Path path) {
    try {
      return Files.getLastModifiedTime(path.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Waits until the job is {@code RUNNING} (scheduled, its tasks being deployed).
   *
   * @throws IllegalStateException when it ends instead, or is not running after {@code timeout}
   */
  public void awaitRunning(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JobStatus status = job.getJobStatus().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (status == JobStatus.RUNNING) {
        return;
      }
      if (status.isGloballyTerminalState()) {
        throw new IllegalStateException("the Flink job ended while starting: " + status);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("the Flink job is not running after " + timeout);
  }

  /** Why the job is not (or not yet) running, or empty while it runs: for {@code /ready}. */
  Optional<String> notRunning() {
    try {
      JobStatus status = job.getJobStatus().get(2, TimeUnit.SECONDS);
      return status == JobStatus.RUNNING
          ? Optional.empty()
          : Optional.of("the Flink job is " + status);
    } catch (Exception e) {
      return Optional.of("the Flink job cannot be asked for its status: " + e);
    }
  }

  /**
   * Why the job is no longer running, or empty while it runs. A status request that times out is a
   * problem only once none has been answered for {@link #UNANSWERED_LIMIT} ({@link
   * UnansweredStatus}).
   */
  Optional<String> problem() {
    try {
      JobStatus status = job.getJobStatus().get(2, TimeUnit.SECONDS);
      unanswered.answered();
      return status.isGloballyTerminalState()
          ? Optional.of("the Flink job is " + status)
          : Optional.empty();
    } catch (TimeoutException e) {
      return unanswered.timedOut();
    } catch (Exception e) {
      return Optional.of("the Flink job cannot be asked for its status: " + e);
    }
  }

  /**
   * Stops the job with a savepoint, so that the next start resumes exactly where this one stopped
   * (sinks flushed, offsets and state consistent: nothing replayed); if that fails, cancels it and
   * the next start resumes from the last checkpoint instead. Either way it waits until the job has
   * really stopped, so that the broker is not shut down under the job's sinks.
   */
  @Override
  public void close() {
    try {
      String savepoint =
          job.stopWithSavepoint(
                  false, checkpoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
      LOG.info("stream-ingest stopped with savepoint {}", savepoint);
    } catch (Exception e) {
      LOG.warn(
          "No savepoint on stop ({}); cancelling, the next start replays since the last checkpoint",
          e.toString());
      cancel();
    }
    awaitTermination();
  }

  private void cancel() {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Flink job did not cancel cleanly: {}", e.toString());
    }
  }

  private void awaitTermination() {
    try {
      job.getJobExecutionResult()
          .handle((result, failure) -> null) // a cancelled job completes exceptionally
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Flink job did not stop cleanly: {}", e.toString());
    }
  }

  /**
   * Deletes the checkpoints of earlier jobs except the one this run resumed from: each run is a new
   * Flink job with its own folder, and without pruning they would pile up.
   */
  private static void pruneOldJobs(Path checkpoints, Path keep) throws IOException {
    try (Stream<Path> entries = Files.list(checkpoints)) {
      // Keep the resume point: a savepoint folder itself, or the job folder of a checkpoint.
      for (Path jobDir : entries.filter(p -> !keep.startsWith(p)).toList()) {
        try (Stream<Path> walk = Files.walk(jobDir)) {
          for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
  }
}
