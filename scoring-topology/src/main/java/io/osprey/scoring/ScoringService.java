package io.osprey.scoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.metrics.ProcessHealth;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running scorer: what {@link ScoringMain} and the single-machine launcher start. The topics must
 * exist (Kafka Streams does not create source topics); the launcher creates them with TopicAdmin.
 *
 * <pre>
 *   try (ScoringService scoring = ScoringService.start(settings, registry)) {
 *     scoring.awaitRunning(Duration.ofSeconds(60));
 *     ... scoring.modelVersion() ...
 *   }
 * </pre>
 */
public final class ScoringService implements ProcessHealth, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final ProducerMonitoringSink monitoring;
  private final ScoringMetrics metrics;
  private final ScoringHttpServer http; // null when disabled
  private KafkaStreamsMetrics clientMetrics; // Kafka's own client meters, lag included
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ScoringService(
      KafkaStreams streams,
      ProducerMonitoringSink monitoring,
      ScoringMetrics metrics,
      ScoringHttpServer http) {
    this.streams = streams;
    this.monitoring = monitoring;
    this.metrics = metrics;
    this.http = http;
  }

  /** Builds the topology from {@code settings} and starts it; returns without waiting. */
  public static ScoringService start(Settings settings, MeterRegistry registry) {
    ScoringConfig scoring = ScoringConfig.from(settings);
    ScoringHttpServer http = null;
    if (scoring.httpPort() >= 0) {
      try {
        http =
            ScoringHttpServer.start(
                scoring.httpHost(), scoring.httpPort(), LastPredictionStore.enabled(scoring));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot bind the HTTP endpoint on " + scoring.httpHost() + ":" + scoring.httpPort(), e);
      }
    }
    try {
      return start(settings, registry, http);
    } catch (RuntimeException e) {
      if (http != null) {
        http.close();
      }
      throw e;
    }
  }

  private static ScoringService start(
      Settings settings, MeterRegistry registry, ScoringHttpServer http) {
    ScoringConfig scoring = ScoringConfig.from(settings);
    if (scoring.trust().keys().ids().isEmpty()) {
      LOG.warn(
          "No trusted model-signing key ({} or {}): every model will be refused and the fallback"
              + " rule will score",
          ModelSigningSettings.TRUSTED_KEYS.key(),
          ModelSigningSettings.TRUSTED_KEYS_ENV);
    } else {
      LOG.info("Serving models signed by keys {}", scoring.trust().keys().ids());
    }
    OspreyTopics topics = CommonSettings.topics(settings);
    ScoringMetrics metrics = new ScoringMetrics(registry);
    ProducerMonitoringSink monitoring =
        new ProducerMonitoringSink(
            KafkaClients.from(settings),
            topics.monitoring(),
            scoring.applicationId() + "-monitoring");
    Properties props = ScoringTopology.streamsConfig(settings);
    props.put(CountingDeserializationHandler.METRICS_CONFIG, metrics);
    HostInfo self = http == null ? null : new HostInfo(scoring.httpHost(), http.port());
    if (self != null) {
      props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    }
    KafkaStreams streams =
        new KafkaStreams(
            new ScoringTopology(metrics, monitoring).buildTopology(scoring, topics), props);
    if (http != null) {
      http.attach(streams, self, metrics.servedAge());
    }
    ScoringService service = new ScoringService(streams, monitoring, metrics, http);
    service.clientMetrics = new KafkaStreamsMetrics(streams);
    service.clientMetrics.bindTo(registry);
    streams.setUncaughtExceptionHandler(
        error -> {
          // A processing error that escaped is a bug or a broken broker: stop this client loudly
          // (state ERROR, ScoringMain exits non-zero) rather than spin on the same record.
          LOG.error("Scoring stream thread failed; shutting this client down", error);
          metrics.streamThreadDied();
          monitoring.publish(
              MonitoringEvent.newBuilder()
                  .setKind("alert")
                  .setComponent("scoring-topology")
                  .setMetric("scoring.stream.thread.deaths")
                  .setValue(metrics.streamThreadDeaths())
                  .setSeverity("CRITICAL")
                  .setDetail("stream thread died, client shutting down: " + error)
                  .setTime(System.currentTimeMillis())
                  .build());
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          LOG.info("Scoring state {} -> {}", before, now);
          if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            service.stopped.countDown();
          }
        });
    streams.start();
    return service;
  }

  /** Waits until every task is assigned and restored, or fails after {@code timeout}. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > end || stopped.getCount() == 0) {
        throw new IllegalStateException("scoring is " + streams.state() + " after " + timeout);
      }
      stopped.await(50, TimeUnit.MILLISECONDS);
    }
  }

  /** Blocks until the client stops (error or close). */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /** The model version this instance serves, 0 while the fallback rule scores. */
  public long modelVersion() {
    return metrics.modelVersion();
  }

  /**
   * Event time from the end of the served champion's training window to the newest event it scored
   * on this instance, in milliseconds; -1 before a model has scored.
   */
  public long modelAgeMillis() {
    return metrics.servedAge().ageMillis();
  }

  /** Events the served champion has scored on this instance. */
  public long modelAgeEvents() {
    return metrics.servedAge().eventsSince();
  }

  /** Input partitions this instance's active tasks own now (0 while rebalancing or stopped). */
  public int assignedPartitions() {
    return streams.metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .mapToInt(task -> task.topicPartitions().size())
        .sum();
  }

  /** The port of this instance's HTTP endpoint, or -1 when it has none. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Failed for good once Kafka Streams is in ERROR (a stream thread died, the client stopped). */
  @Override
  public Optional<String> failure() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
        ? Optional.of("Kafka Streams is " + state)
        : Optional.empty();
  }

  /**
   * Ready once Kafka Streams is RUNNING (partitions assigned, state stores restored) and a model
   * serves: while the fallback rule scores, this instance answers but is not what a fraud team
   * wants traffic to see.
   */
  @Override
  public Optional<String> notReady() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      return Optional.of(
          "Kafka Streams is " + state + " (partitions being assigned or state restored)");
    }
    if (modelVersion() == 0) {
      return Optional.of("no model served yet: the fallback rule scores");
    }
    return Optional.empty();
  }

  /**
   * Stops stream threads (committing offsets), then the monitoring producer. Keeps local state.
   * Leaves the consumer group: without static membership, a member that stays would hold its
   * partitions unprocessed until the session times out (45 s), which a restart feels directly.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    monitoring.close();
    if (clientMetrics != null) {
      clientMetrics.close();
    }
    if (http != null) {
      http.close();
    }
    stopped.countDown();
  }
}
