package io.osprey.ingest.monitor;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobExecutionStatusEvent;
import org.apache.flink.core.execution.JobStatusChangedEvent;
import org.apache.flink.core.execution.JobStatusChangedListener;
import org.apache.flink.core.execution.JobStatusChangedListenerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every restart of the ingest job on {@code monitoring}: an alert (metric {@value #METRIC},
 * value = restarts of this job so far, detail = the failure that caused it when Flink gives one). A
 * job that fails on the same record after every restart loops silently otherwise: Flink's own
 * {@code numRestarts} gauge (on the job's metrics endpoint) says so only to whoever scrapes it.
 *
 * <p>A Flink {@link JobStatusChangedListener}, so it runs in the job manager and sees every
 * transition to {@code RESTARTING}, however the tasks failed. {@link #configure} registers it in a
 * job's configuration; on a session cluster whose job manager does not take listeners from the job,
 * add the same keys to the cluster's configuration. Each alert is sent by a short-lived producer on
 * Flink's I/O executor: restarts are rare, and nothing then lingers in the job manager between
 * them.
 *
 * <p>The producer is a {@link KafkaClients} profile like every other client, so the brokers and the
 * client security reach it from the same settings. Only strings cross into the job manager: the
 * profile's properties travel in the job's configuration under {@value #PRODUCER_PREFIX}.
 */
public final class RestartAlerts implements JobStatusChangedListener {
  private static final Logger LOG = LoggerFactory.getLogger(RestartAlerts.class);

  public static final String METRIC = "ingest.job.restarts";

  /** Each Kafka producer property of the alerts, under this prefix in the job's configuration. */
  public static final String PRODUCER_PREFIX = "osprey.restart-alerts.producer.";

  /**
   * The brokers alone, as a session cluster's configuration named them before {@value
   * #PRODUCER_PREFIX}; still read when no producer property names them.
   */
  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOptions.key("osprey.restart-alerts.bootstrap-servers")
          .stringType()
          .noDefaultValue()
          .withDescription("Kafka brokers the restart alerts are sent to (unsecured clients).");

  private static final String CLIENT_ID = "osprey-ingest-restart-alerts";

  public static final ConfigOption<String> TOPIC_PREFIX =
      ConfigOptions.key("osprey.restart-alerts.topic-prefix")
          .stringType()
          .defaultValue("")
          .withDescription("Topic prefix of the monitoring topic the restart alerts go to.");

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, String> producer;
  private final OspreyTopics topics;
  private final Executor executor;
  private final Map<JobID, AtomicLong> restarts = new ConcurrentHashMap<>();

  RestartAlerts(Map<String, String> producer, String topicPrefix, Executor executor) {
    this.producer = Map.copyOf(producer);
    this.topics = OspreyTopics.withPrefix(topicPrefix);
    this.executor = executor;
  }

  /** Registers the listener in {@code conf}, sending with a producer of {@code kafka}. */
  public static void configure(Configuration conf, KafkaClients kafka, String topicPrefix) {
    conf.set(DeploymentOptions.JOB_STATUS_CHANGED_LISTENERS, List.of(Factory.class.getName()));
    producerOf(kafka)
        .forEach(
            (key, value) ->
                conf.set(
                    ConfigOptions.key(PRODUCER_PREFIX + key).stringType().noDefaultValue(), value));
    conf.set(TOPIC_PREFIX, topicPrefix);
  }

  /** The producer properties {@link #configure} put in {@code conf}. */
  static Map<String, String> producerProperties(Configuration conf) {
    Map<String, String> producer = new HashMap<>();
    conf.getOptional(BOOTSTRAP_SERVERS)
        .ifPresent(servers -> producer.putAll(producerOf(KafkaClients.plaintext(servers))));
    conf.toMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith(PRODUCER_PREFIX)) {
                producer.put(key.substring(PRODUCER_PREFIX.length()), value);
              }
            });
    return producer;
  }

  /** The alerts' producer profile, as the strings a Flink configuration holds. */
  private static Map<String, String> producerOf(KafkaClients kafka) {
    Map<String, String> producer = new HashMap<>();
    kafka.producer(CLIENT_ID).forEach((key, value) -> producer.put(key, String.valueOf(value)));
    return producer;
  }

  @Override
  public void onEvent(JobStatusChangedEvent event) {
    if (!(event instanceof JobExecutionStatusEvent status)
        || status.newStatus() != JobStatus.RESTARTING) {
      return;
    }
    long count = restarts.computeIfAbsent(event.jobId(), id -> new AtomicLong()).incrementAndGet();
    MonitoringEvent alert =
        alert(event.jobName(), count, status.exception(), System.currentTimeMillis());
    LOG.warn("{}: {}", METRIC, alert.getDetail());
    executor.execute(() -> send(alert));
  }

  static MonitoringEvent alert(String jobName, long count, Throwable cause, long now) {
    return MonitoringEvent.newBuilder()
        .setKind("alert")
        .setComponent("stream-ingest")
        .setMetric(METRIC)
        .setValue(count)
        .setSeverity(count > 1 ? "CRITICAL" : "WARN")
        .setDetail(
            "Flink job '"
                + jobName
                + "' restarting (restart "
                + count
                + ") after: "
                + describe(cause))
        .setTime(now)
        .build();
  }

  private void send(MonitoringEvent alert) {
    // A restart must not wait on an unreachable broker for Kafka's default minute.
    Map<String, Object> props = new HashMap<>(producer);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topics.monitoring().name(),
              topics.monitoring().serializeKey(METRIC),
              topics.monitoring().serializeValue(alert)));
      producer.flush();
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not send the restart alert to {}: {}",
          producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
          e.toString());
    }
  }

  /** The failure's class and first line, at most 500 characters. */
  private static String describe(Throwable cause) {
    if (cause == null) {
      // A task failure restarts its region without failing the job, and Flink hands the listener
      // no cause then; the failure is in the job's exception history.
      return "a task failure (see the job's exception history)";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
    String text = root.getClass().getName() + message;
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  /** Built by Flink from {@link DeploymentOptions#JOB_STATUS_CHANGED_LISTENERS}. */
  public static final class Factory implements JobStatusChangedListenerFactory {
    @Override
    public JobStatusChangedListener createListener(Context context) {
      Configuration conf = context.getConfiguration();
      Map<String, String> producer = producerProperties(conf);
      String bootstrap = producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
      if (bootstrap == null || bootstrap.isBlank()) {
        throw new IllegalArgumentException(
            PRODUCER_PREFIX
                + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG
                + " must name the Kafka brokers for restart alerts");
      }
      return new RestartAlerts(producer, conf.get(TOPIC_PREFIX), context.getIOExecutor());
    }
  }
}
