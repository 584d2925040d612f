package io.osprey.ingest;

import static io.osprey.ingest.Fixtures.transactionJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Setting;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.topic.OspreyTopics;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.ConfigUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo.JobVertexDetailsInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar ({@code target/osprey-stream-ingest-*-job.jar}, built by {@code package}
 * before failsafe runs) submitted to a Flink session cluster as {@code flink run -d -p 3 <jar>
 * key=value…} does: {@link PackagedProgram} and {@link ClientUtils#executeProgram}, the classes
 * {@code CliFrontend} uses, with the configuration {@code flink run} derives from its options, to
 * the cluster's REST endpoint. The job must run at the requested parallelism (not the cluster's
 * slot count) and turn payments on a real broker into feature vectors.
 *
 * <p>What this cannot show: a class the jar lacks but the test classpath has. The MiniCluster runs
 * in this JVM, so a user-code class loader that misses a class in the jar finds it on the test
 * classpath, where a Flink distribution's {@code lib/} would have nothing.
 */
class JobJarIntegrationTest {
  /** The cluster has more slots than the job asks for, so only {@code -p} can explain 3. */
  private static final int SLOTS = 4;

  private static final int PARALLELISM = 3;
  private static final int CARDS = 6;
  private static final int PAYMENTS = 30;

  /** Where the cluster keeps the jars jobs ship with them (under target/, so clean removes it). */
  private static final Path BLOB_STORAGE = Path.of("target", "job-jar-it-blobs");

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          () ->
              new MiniClusterResourceConfiguration.Builder()
                  .setConfiguration(clusterConfiguration())
                  .setNumberTaskManagers(1)
                  .setNumberSlotsPerTaskManager(SLOTS)
                  .build());

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @Test
  void theJobJarRunsOnASessionClusterAtTheParallelismItWasGiven(
      @InjectClusterClient RestClusterClient<?> cluster) throws Exception {
    Path jar = jobJar();
    String prefix = "jobjar-" + UUID.randomUUID() + ".";
    OspreyTopics topics = OspreyTopics.withPrefix(prefix);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
    String[] jobArguments = {
      argument(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers()),
      argument(CommonSettings.TOPIC_PREFIX, prefix),
      argument(IngestSettings.STATE_BACKEND, "rocksdb"),
      // A broken jar fails the job at once instead of restarting until the deadline.
      argument(IngestSettings.RESTART_STRATEGY, "none")
    };

    try (PackagedProgram program =
        PackagedProgram.newBuilder()
            .setJarFile(jar.toFile())
            .setArguments(jobArguments)
            .setConfiguration(classLoadingAsOnACluster())
            .build()) {
      assertThat(program.getMainClassName()).isEqualTo(IngestJobMain.class.getName());
      // The test classpath has IngestJobMain too; the program's child-first loader takes the jar's.
      URL loadedFrom =
          program
              .getUserCodeClassLoader()
              .loadClass(program.getMainClassName())
              .getProtectionDomain()
              .getCodeSource()
              .getLocation();
      assertThat(loadedFrom).isEqualTo(jar.toUri().toURL());
      ClientUtils.executeProgram(
          new DefaultExecutorServiceLoader(),
          flinkRunConfiguration(program),
          program,
          false,
          false);
    }

    JobID job = submittedJob(cluster);
    try {
      JobDetailsInfo details = awaitRunning(cluster, job);
      assertThat(details.getJobVertexInfos())
          .isNotEmpty()
          .allSatisfy(
              vertex ->
                  assertThat(vertex.getParallelism()).as(vertex.getName()).isEqualTo(PARALLELISM));
      assertThat(blobsOf(job))
          .as("the jar shipped to the cluster with job " + job)
          .anySatisfy(blob -> assertThat(Files.mismatch(blob, jar)).isEqualTo(-1L));

      List<Map.Entry<String, byte[]>> payments = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (int i = 0; i < PAYMENTS; i++) {
        String card = "card-" + (i % CARDS);
        long eventTime = now - (PAYMENTS - i) * 1_000L; // in order: no event is late
        String json = transactionJson("tx-" + i, card, 10 + i, eventTime);
        payments.add(Map.entry(card, json.getBytes(StandardCharsets.UTF_8)));
      }
      KafkaTestSupport.send(kafka.bootstrapServers(), topics.transactions(), payments);

      List<ConsumerRecord<String, FeatureVector>> vectors =
          KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.features(), PAYMENTS);
      assertThat(vectors.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet()))
          .isEqualTo(
              IntStream.range(0, PAYMENTS).mapToObj(i -> "tx-" + i).collect(Collectors.toSet()));
    } finally {
      cluster.cancel(job).get();
    }
  }

  /** The job jar the shade plugin attached; failsafe runs after {@code package}, so it exists. */
  private static Path jobJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars =
          files
              .filter(f -> f.getFileName().toString().matches("osprey-stream-ingest-.*-job\\.jar"))
              .toList();
      assertThat(jars)
          .as(
              "exactly one target/osprey-stream-ingest-*-job.jar: run this test with `mvn verify`"
                  + " (it needs the package phase), not from an IDE or surefire alone")
          .hasSize(1);
      return jars.get(0).toAbsolutePath();
    }
  }

  private static String argument(Setting<?> setting, String value) {
    return setting.key() + "=" + value;
  }

  /**
   * What {@code flink run -d -p 3 -m <rest host:port> <jar>} puts in the configuration it hands to
   * {@link ClientUtils#executeProgram}: the remote executor, the cluster's REST endpoint, detached
   * submission, the default parallelism, and the jar (plus any {@code lib/} jars inside it) as the
   * job's user code, which the executor uploads with the job graph.
   */
  private static Configuration flinkRunConfiguration(PackagedProgram program) {
    Configuration cluster = FLINK.getClientConfiguration();
    Configuration conf = classLoadingAsOnACluster();
    conf.set(DeploymentOptions.TARGET, RemoteExecutor.NAME);
    conf.set(RestOptions.ADDRESS, cluster.get(RestOptions.ADDRESS));
    conf.set(RestOptions.PORT, cluster.get(RestOptions.PORT));
    conf.set(DeploymentOptions.ATTACHED, false);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, PARALLELISM);
    ConfigUtils.encodeCollectionToConfig(
        conf, PipelineOptions.JARS, program.getJobJarAndDependencies(), URL::toString);
    ConfigUtils.encodeCollectionToConfig(
        conf, PipelineOptions.CLASSPATHS, program.getClasspaths(), URL::toString);
    return conf;
  }

  /** A detached submission returns no handle: find the job on the cluster, as a user would. */
  private static JobID submittedJob(RestClusterClient<?> cluster) {
    List<JobID> jobs = new ArrayList<>();
    JobMetrics.await(
        () -> {
          jobs.clear();
          cluster.listJobs().get().stream()
              .filter(j -> j.getJobName().equals("osprey-stream-ingest"))
              .map(JobStatusMessage::getJobId)
              .forEach(jobs::add);
          assertThat(jobs).hasSize(1);
        });
    return jobs.get(0);
  }

  /** Waits until the job and every task of every vertex run; fails at once if the job ended. */
  private static JobDetailsInfo awaitRunning(RestClusterClient<?> cluster, JobID job) {
    List<JobDetailsInfo> running = new ArrayList<>();
    JobMetrics.await(
        () -> {
          JobDetailsInfo details = cluster.getJobDetails(job).get();
          if (details.getJobStatus().isGloballyTerminalState()) {
            throw new IllegalStateException(
                "job " + job + " ended " + details.getJobStatus() + " before it ran",
                cluster.requestJobResult(job).get().getSerializedThrowable().orElse(null));
          }
          assertThat(details.getJobStatus()).isEqualTo(JobStatus.RUNNING);
          assertThat(details.getJobVertexInfos())
              .extracting(JobVertexDetailsInfo::getExecutionState)
              .containsOnly(ExecutionState.RUNNING);
          running.add(details);
        });
    return running.get(running.size() - 1);
  }

  /** The files the cluster's blob store holds for {@code job}: the user jars it shipped. */
  private static List<Path> blobsOf(JobID job) throws IOException {
    try (Stream<Path> files = Files.walk(BLOB_STORAGE)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().contains(job.toString()))
          .toList();
    }
  }

  /** The session cluster: Flink's class loading as below, the blob store where we can see it. */
  private static Configuration clusterConfiguration() {
    Configuration conf = classLoadingAsOnACluster();
    conf.set(BlobServerOptions.STORAGE_DIRECTORY, BLOB_STORAGE.toAbsolutePath().toString());
    return conf;
  }

  /**
   * User-code class loading as on a cluster whose {@code lib/} has no Kafka connector, for the
   * client and the cluster alike. Flink loads {@code org.apache.flink.*} parent-first. On a cluster
   * the parent ({@code lib/}) lacks the Kafka connector, so the connector comes from the jar along
   * with the jar's kafka-clients. Here the parent is the test classpath, which has the connector
   * too: parent-first would pair that copy with the jar's kafka-clients, a loader constraint
   * violation no cluster sees. So the Flink classes the jar ships (the Kafka, base and file
   * connectors, all of this build's versions) come from the jar; the rest of Flink from the parent.
   */
  private static Configuration classLoadingAsOnACluster() {
    List<String> parentFirst =
        new ArrayList<>(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS.defaultValue());
    if (!parentFirst.remove("org.apache.flink.")) {
      throw new IllegalStateException("Flink's parent-first patterns changed: " + parentFirst);
    }
    Configuration conf = new Configuration();
    conf.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS, parentFirst);
    return conf;
  }
}
