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
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
    TopicFeed transactions = new TopicFeed(name + ".transactions", parallelism);
    TopicFeed labels = new TopicFeed(name + ".labels", parallelism);
    CollectingSink<FeatureRow> features = new CollectingSink<>(name + ".features");
    CollectingSink<Example> examples = new CollectingSink<>(name + ".training-examples");
    CollectingSink<Rejected> deadLetters = new CollectingSink<>(name + ".dead-letters");
    IngestJob ingest =
        new IngestJob(
            new IngestSources(transactions.source(), labels.source()),
            IngestSinks.of(features, examples, deadLetters),
            IngestConfig.from(settings));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    ingest.buildOn(env);
    return new PipelineRun(
        transactions, labels, features, examples, deadLetters, env.executeAsync(name));
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
