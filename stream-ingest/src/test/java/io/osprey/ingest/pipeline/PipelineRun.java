package io.osprey.ingest.pipeline;

import io.osprey.ingest.CollectingSink;
import io.osprey.ingest.IngestConfig;
import io.osprey.ingest.IngestJob;
import io.osprey.ingest.IngestSinks;
import io.osprey.ingest.IngestSources;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.platform.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * The real {@link IngestJob}, running on the test's MiniCluster with {@link TopicFeed}s as its
 * inputs and {@link CollectingSink}s as its outputs: the pipeline without a broker. A test sends
 * records to {@link #transactions()} and {@link #labels()} and reads what the job emitted.
 */
public final class PipelineRun implements AutoCloseable {
  private final TopicFeed transactions;
  private final TopicFeed labels;
  private final CollectingSink<FeatureRow> features;
  private final CollectingSink<Example> examples;
  private final CollectingSink<Rejected> deadLetters;
  private final JobClient job;

  private PipelineRun(
      TopicFeed transactions,
      TopicFeed labels,
      CollectingSink<FeatureRow> features,
      CollectingSink<Example> examples,
      CollectingSink<Rejected> deadLetters,
      JobClient job) {
    this.transactions = transactions;
    this.labels = labels;
    this.features = features;
    this.examples = examples;
    this.deadLetters = deadLetters;
    this.job = job;
  }

  /**
   * Submits the job of {@code settings} (only {@link IngestConfig}'s keys matter: there are no
   * endpoints to name) at {@code parallelism}, reading feeds of as many partitions. Feeds and sinks
   * are named after {@code name}, so tests of one JVM do not share them.
   */
  public static PipelineRun start(String name, Settings settings, int parallelism)
      throws Exception {
    return new PipelineRun(
            new TopicFeed(name + ".transactions", parallelism),
            new TopicFeed(name + ".labels", parallelism),
            new CollectingSink<>(name + ".features"),
            new CollectingSink<>(name + ".training-examples"),
            new CollectingSink<>(name + ".dead-letters"),
            null)
        .submit(name, settings, parallelism, null);
  }

  /**
   * A new job of {@code settings} restored from {@code savepoint} (see {@link #stopWithSavepoint}),
   * reading on from the same feeds where the savepoint left them and adding to what {@code
   * stopped}'s sinks received, as a job restarted on a cluster reads on from its topics.
   */
  public static PipelineRun resume(
      PipelineRun stopped, String savepoint, Settings settings, int parallelism) throws Exception {
    return stopped.submit(stopped.job.getJobID() + "-restored", settings, parallelism, savepoint);
  }

  private PipelineRun submit(String name, Settings settings, int parallelism, String savepoint)
      throws Exception {
    IngestJob ingest =
        new IngestJob(
            new IngestSources(transactions.source(), labels.source()),
            IngestSinks.of(features, examples, deadLetters),
            IngestConfig.from(settings));
    Configuration conf = new Configuration();
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    ingest.buildOn(env);
    return new PipelineRun(
        transactions, labels, features, examples, deadLetters, env.executeAsync(name));
  }

  /**
   * Stops the job with a savepoint in {@code dir} (without draining: waiting timers stay in the
   * savepoint) and returns its path. A savepoint needs every task running: while some are still
   * being deployed (a loaded machine), it is tried again.
   */
  public String stopWithSavepoint(Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          // A job that failed cannot take a savepoint: say why it failed, not that.
          job.getJobExecutionResult().get();
        }
        boolean starting =
            ExceptionUtils.findThrowable(e, CheckpointException.class)
                .filter(
                    c ->
                        c.getCheckpointFailureReason()
                            == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)
                .isPresent();
        if (!starting || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  public TopicFeed transactions() {
    return transactions;
  }

  public TopicFeed labels() {
    return labels;
  }

  public List<FeatureRow> features() {
    return features.received();
  }

  public List<Example> trainingExamples() {
    return examples.received();
  }

  public List<Rejected> deadLetters() {
    return deadLetters.received();
  }

  public JobID jobId() {
    return job.getJobID();
  }

  public JobClient job() {
    return job;
  }

  /** Ends both feeds and waits until the job has processed everything and finished. */
  public void finish() throws Exception {
    transactions.end();
    labels.end();
    job.getJobExecutionResult().get();
  }

  /** Cancels the job unless it has finished. */
  @Override
  public void close() throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get();
    }
  }
}
