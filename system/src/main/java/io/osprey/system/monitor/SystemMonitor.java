package io.osprey.system.monitor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.osprey.ingest.monitor.RestartAlerts;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the system from the outside, as a user's consumer would: it reads {@code predictions},
 * {@code ingest.dlq}, {@code training-examples} and {@code monitoring} (for restarts of the ingest
 * job) from the moment it starts and measures throughput, end-to-end latency (from the Kafka
 * timestamp of the payment to the arrival of its prediction here) and live precision/recall of the
 * served decisions.
 *
 * <p>Events in are the records appended to {@code transactions} since it started, from the topic's
 * end offsets, whoever wrote them: the simulator, a user's producer, a replay. (A transactional
 * producer's commit markers take offsets too, so with one the figure runs a little high.)
 * Predictions out are every prediction on the topic, whoever's event it scored.
 */
public final class SystemMonitor implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SystemMonitor.class);
  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

  /**
   * How often the end offsets of {@code transactions} are asked for (one small broker request):
   * often enough that events in do not trail the predictions the status line prints beside them.
   */
  private static final long EVENTS_IN_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** A slow answer delays the figure, not the predictions this thread reads. */
  private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(2);

  private final OspreyTopics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  // End offsets of transactions only: assigned those partitions (a consumer warns on every
  // end-offset answer for a partition it is not assigned) and never polled.
  private final KafkaConsumer<byte[], byte[]> offsets;
  private final Recorder latencyMicros = new Recorder(MAX_LATENCY_MICROS, 3);
  private final Histogram cumulative = new Histogram(MAX_LATENCY_MICROS, 3);
  private final LivePerformance performance = new LivePerformance();
  private final AtomicLong predictions = new AtomicLong();
  private final AtomicLong fallbackPredictions = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong trainingExamples = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private final AtomicLong ingestRestarts = new AtomicLong();
  private final AtomicLong eventsIn = new AtomicLong();
  private List<TopicPartition> transactionPartitions = List.of();
  private long transactionsAtStart;
  private volatile long modelVersion;
  private volatile Timer latencyTimer;
  private volatile boolean running = true;
  private Thread thread;

  public SystemMonitor(KafkaClients kafka, OspreyTopics topics) {
    this.topics = topics;
    this.consumer =
        new KafkaConsumer<>(
            monitorConsumerConfig(kafka, "osprey-monitor", true),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    this.offsets =
        new KafkaConsumer<>(
            monitorConsumerConfig(kafka, "osprey-monitor-offsets", false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  private static Map<String, Object> monitorConsumerConfig(
      KafkaClients kafka, String clientId, boolean committedOnly) {
    Map<String, Object> config =
        committedOnly ? kafka.committedReader(clientId) : kafka.reader(clientId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }

  /** Positions at the end of each topic, then watches on a daemon thread. */
  public SystemMonitor start() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        Set.of(
            topics.predictions().name(),
            topics.deadLetters().name(),
            topics.trainingExamples().name(),
            topics.monitoring().name())) {
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve now: count only what happens from here on
    transactionPartitions =
        offsets.partitionsFor(topics.transactions().name()).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    offsets.assign(transactionPartitions);
    transactionsAtStart = transactionsEnd();
    thread = new Thread(this, "osprey-monitor");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    long nextEventsIn = System.nanoTime();
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          try {
            handle(record, System.currentTimeMillis());
          } catch (RuntimeException e) {
            // A record this monitor cannot read (or whose fields make no sense: a hostile writer
            // can put anything on these topics) is counted, never fatal: the system goes on.
            unreadable.incrementAndGet();
            LOG.warn("Unreadable record on {}: {}", record.topic(), e.toString());
          }
        }
        if (System.nanoTime() >= nextEventsIn) {
          refreshEventsIn();
          nextEventsIn = System.nanoTime() + EVENTS_IN_REFRESH_NANOS;
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("Monitor stopped by an error", e);
    } finally {
      consumer.close();
      offsets.close();
    }
  }

  private long transactionsEnd() {
    return offsets.endOffsets(transactionPartitions, OFFSETS_TIMEOUT).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private void refreshEventsIn() {
    try {
      eventsIn.set(Math.max(0, transactionsEnd() - transactionsAtStart));
    } catch (KafkaException e) {
      // A slow broker delays the figure; the next refresh catches up.
      LOG.debug("End offsets of transactions not available: {}", e.toString());
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record, long arrivedAt) {
    String topic = record.topic();
    if (topic.equals(topics.predictions().name())) {
      Prediction prediction = topics.predictions().deserializeValue(record.value());
      predictions.incrementAndGet();
      if (prediction.getFallback()) {
        fallbackPredictions.incrementAndGet();
      }
      modelVersion = Math.max(modelVersion, prediction.getModelVersion());
      long micros = Math.max(0, (arrivedAt - prediction.getIngestTime()) * 1000);
      latencyMicros.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
      Timer timer = latencyTimer;
      if (timer != null) {
        timer.record(micros, TimeUnit.MICROSECONDS);
      }
      performance.onPrediction(
          prediction.getEventId(), !"APPROVE".equals(prediction.getDecision()));
    } else if (topic.equals(topics.deadLetters().name())) {
      deadLetters.incrementAndGet();
    } else if (topic.equals(topics.monitoring().name())) {
      MonitoringEvent event = topics.monitoring().deserializeValue(record.value());
      if (RestartAlerts.METRIC.equals(event.getMetric())) {
        ingestRestarts.accumulateAndGet((long) event.getValue(), Math::max);
      }
    } else {
      TrainingExample example = topics.trainingExamples().deserializeValue(record.value());
      trainingExamples.incrementAndGet();
      performance.onMaturedLabel(example.getFeatures().getEventId(), example.getFraud());
    }
  }

  /** Publishes what this monitor sees on {@code registry} (under {@code osprey.monitor.*}). */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("osprey.monitor.events.in", eventsIn, AtomicLong::get)
        .description("Records appended to the transactions topic, by any producer")
        .register(registry);
    FunctionCounter.builder("osprey.monitor.predictions", predictions, AtomicLong::get)
        .description("Predictions seen on the predictions topic")
        .register(registry);
    FunctionCounter.builder("osprey.monitor.dead.letters", deadLetters, AtomicLong::get)
        .description("Records seen on the dead-letter topic")
        .register(registry);
    FunctionCounter.builder("osprey.monitor.unreadable", unreadable, AtomicLong::get)
        .description("Records the monitor could not decode (skipped)")
        .register(registry);
    FunctionCounter.builder("osprey.monitor.ingest.restarts", ingestRestarts, AtomicLong::get)
        .description("Restarts of the ingest job reported on the monitoring topic")
        .register(registry);
    FunctionCounter.builder("osprey.monitor.training.examples", trainingExamples, AtomicLong::get)
        .description("Matured training examples seen")
        .register(registry);
    Gauge.builder("osprey.monitor.model.version", this, SystemMonitor::modelVersion)
        .description("Newest model version named by a prediction")
        .register(registry);
    Gauge.builder("osprey.monitor.live.precision", performance, LivePerformance::precision)
        .description("Precision of served decisions on matured labels")
        .register(registry);
    Gauge.builder("osprey.monitor.live.recall", performance, LivePerformance::recall)
        .description("Recall of served decisions on matured labels")
        .register(registry);
    latencyTimer =
        Timer.builder("osprey.monitor.e2e.latency")
            .description("From the payment's Kafka timestamp to its prediction's arrival")
            .publishPercentiles(0.5, 0.99, 0.999)
            .register(registry);
  }

  /** Latency since the previous call, folded into the run's cumulative histogram. */
  public synchronized Histogram takeIntervalLatency() {
    Histogram interval = latencyMicros.getIntervalHistogram();
    cumulative.add(interval);
    return interval;
  }

  /** Latency over the whole run (call {@link #takeIntervalLatency()} first to include the tail). */
  public synchronized Histogram cumulativeLatency() {
    return cumulative.copy();
  }

  /**
   * Records appended to {@code transactions} since the monitor started, by any producer (refreshed
   * every 250 ms).
   */
  public long eventsIn() {
    return eventsIn.get();
  }

  /** Every prediction seen since the monitor started, whoever sent the event. */
  public long predictions() {
    return predictions.get();
  }

  public long fallbackPredictions() {
    return fallbackPredictions.get();
  }

  public long deadLetters() {
    return deadLetters.get();
  }

  /** Restarts of the ingest job so far, as its restart alerts on {@code monitoring} say. */
  public long ingestRestarts() {
    return ingestRestarts.get();
  }

  public long trainingExamples() {
    return trainingExamples.get();
  }

  /** The newest model version seen in a prediction (0: only the fallback has scored). */
  public long modelVersion() {
    return modelVersion;
  }

  public LivePerformance performance() {
    return performance;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
