package io.osprey.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.kafka.KafkaEndpoints;
import io.osprey.ingest.monitor.RestartReporting;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.testing.KafkaBroker;
import io.osprey.platform.testing.KafkaTestSupport;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restart of the ingest job is visible: Flink counts it ({@code numRestarts}, on the job's
 * metrics endpoint) and {@link io.osprey.ingest.monitor.RestartAlerts} puts it on {@code
 * monitoring}.
 */
class RestartAlertsIntegrationTest {
  private static final int PARALLELISM = 2;
  private static final JobMetrics METRICS = new JobMetrics();

  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  /**
   * A restart for a reason the job cannot absorb (here a sink that fails once) is counted by
   * Flink's numRestarts and put on monitoring as an alert naming the failure.
   */
  @Test
  void everyRestartIsAnAlertOnMonitoring() throws Exception {
    String prefix = "restart.";
    OspreyTopics topics = OspreyTopics.withPrefix(prefix);
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), topics.all(), PARALLELISM);
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .with(CommonSettings.TOPIC_PREFIX, prefix)
            .with(IngestSettings.CONSUMER_GROUP, "restart-test")
            .with(IngestSettings.RESTART_STRATEGY, IngestSettings.RestartStrategy.FIXED_DELAY);
    KafkaEndpoints endpoints =
        new KafkaEndpoints(
            KafkaClients.plaintext(kafka.bootstrapServers()),
            "restart-test",
            prefix,
            IngestSettings.Delivery.AT_LEAST_ONCE);
    IngestJob failingOnce =
        new IngestJob(
            endpoints.sources(),
            IngestSinks.of(
                    endpoints.featureSink(),
                    endpoints.trainingExampleSink(),
                    new FailingOnceSink<>())
                .withRestarts(
                    RestartReporting.toMonitoring(
                        KafkaClients.plaintext(kafka.bootstrapServers()), prefix)),
            IngestConfig.from(settings));

    // On a MiniCluster of its own, as the demo runs the job (EmbeddedFlink): there the job's
    // configuration is the cluster's, which is where Flink reads status listeners from.
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(
            PARALLELISM, METRICS.addTo(new Configuration()));
    failingOnce.buildOn(env);
    JobClient job = env.executeAsync("restart-alert-test");
    try {
      KafkaTestSupport.send(
          kafka.bootstrapServers(),
          topics.transactions(),
          List.of(Map.entry("card-1", "not json".getBytes(UTF_8))));

      JobMetrics.await(
          () -> assertThat(METRICS.jobGauge(job.getJobID(), "numRestarts")).isEqualTo(1));
      List<ConsumerRecord<String, MonitoringEvent>> alerts =
          KafkaTestSupport.readAtLeast(kafka.bootstrapServers(), topics.monitoring(), 1);
      assertThat(alerts.get(0).value().getMetric()).isEqualTo("ingest.job.restarts");
      assertThat(alerts.get(0).value().getValue()).isEqualTo(1.0);
      assertThat(alerts.get(0).value().getDetail())
          .startsWith("Flink job 'restart-alert-test' restarting (restart 1)");
    } finally {
      job.cancel().get();
    }
  }

  /** A sink whose first write in this JVM fails, as a broker refusing a record would. */
  private static final class FailingOnceSink<T> implements Sink<T> {
    static final String MESSAGE = "the first write fails";
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context context) {
          if (FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException(MESSAGE);
          }
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
