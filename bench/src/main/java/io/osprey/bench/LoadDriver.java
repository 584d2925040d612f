package io.osprey.bench;

import io.osprey.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a {@link Workload}'s events into a running system at a fixed rate (or flat out) and
 * measures, per step, end-to-end latency from the moment each event was handed to the producer to
 * the moment its result arrived here, the same split into {@link Stage}s by the times the result
 * carries (when it carries them), the rates sent and received, and how the backlog in between
 * evolves.
 *
 * <p>Send times are kept by event number until the result arrives. Flat out, at most {@value
 * #MAX_IN_FLIGHT} events are in flight: the driver then sends as fast as results come back, so it
 * measures the system's capacity instead of filling memory with a backlog. A step ends by draining
 * while results still arrive (bounded), so a system that falls behind shows as backlog, not as a
 * hang, and the next step starts clean.
 *
 * <p>Every thread of the driver is named {@code osprey-load-...}, so its CPU can be told apart from
 * the system's when both run in one JVM ({@link CpuUsage}).
 */
public final class LoadDriver implements AutoCloseable {
  static final String THREAD_PREFIX = "osprey-load-";
  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);
  private static final int MAX_IN_FLIGHT = 500_000;
  private static final Duration DRAIN_IDLE = Duration.ofSeconds(5);
  private static final Duration DRAIN_MAX = Duration.ofSeconds(120);

  private final String system;
  private final String inputTopic;
  private final Workload workload;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ExecutorService sender;
  private final Map<Long, Long> sentAtNanos = new ConcurrentHashMap<>();
  private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
  private final Map<Stage, Recorder> stageLatency = new EnumMap<>(Stage.class);
  // Results carry wall-clock stamps; the driver times with nanoTime: one fixed mapping between
  // them.
  private final long epochMicrosAtStart = System.currentTimeMillis() * 1000;
  private final long nanosAtStart = System.nanoTime();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final Thread consumerThread;
  private long nextNumber;

  /** The benchmark's own embedded broker: never secured. */
  private static Map<String, Object> producerConfig(KafkaClients kafka, String clientId) {
    Map<String, Object> config = kafka.producer(clientId);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    return config;
  }

  public LoadDriver(
      String system, String bootstrap, String inputTopic, String resultTopic, Workload workload) {
    this.system = system;
    this.inputTopic = inputTopic;
    this.workload = workload;
    for (Stage stage : Stage.values()) {
      stageLatency.put(stage, new Recorder(MAX_LATENCY_MICROS, 3));
    }
    this.producer =
        new KafkaProducer<>(
            producerConfig(KafkaClients.plaintext(bootstrap), THREAD_PREFIX + system),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.consumer =
        new KafkaConsumer<>(
            // A result counts when a transactional reader could act on it: for an exactly-once
            // system that is after its transaction commits; for any other it changes nothing.
            KafkaClients.plaintext(bootstrap).committedReader(THREAD_PREFIX + system + "-results"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(resultTopic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    sender =
        Executors.newSingleThreadExecutor(r -> new Thread(r, THREAD_PREFIX + "sender-" + system));
    consumerThread = new Thread(this::consume, THREAD_PREFIX + "consumer-" + system);
    consumerThread.setDaemon(true);
    consumerThread.start();
  }

  /**
   * Runs one step on the driver's sender thread and waits for it.
   *
   * @param rate events per second, or 0 for flat out
   * @param duration how long to send
   * @param backlogSamples receives (seconds since step start, events in flight) once a second
   * @param sendingDone runs when the step's load is sent, before the drain
   */
  public StepResult runStep(
      double rate, Duration duration, List<double[]> backlogSamples, Runnable sendingDone) {
    try {
      return sender.submit(() -> step(rate, duration, backlogSamples, sendingDone)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a load step", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("load step failed: " + e.getCause(), e.getCause());
    }
  }

  private StepResult step(
      double rate, Duration duration, List<double[]> backlogSamples, Runnable sendingDone) {
    latency.reset();
    stageLatency.values().forEach(Recorder::reset);
    long sentBefore = sent.get();
    long receivedBefore = received.get();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
    long nextDue = start;
    long nextSample = start + TimeUnit.SECONDS.toNanos(1);
    List<double[]> stepSamples = new ArrayList<>();
    while (System.nanoTime() < end) {
      if (sentAtNanos.size() < MAX_IN_FLIGHT) {
        send();
      } else {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100)); // wait for results
      }
      long now = System.nanoTime();
      if (now >= nextSample) {
        stepSamples.add(new double[] {(now - start) / 1e9, sentAtNanos.size()});
        nextSample += TimeUnit.SECONDS.toNanos(1);
      }
      if (intervalNanos > 0) {
        nextDue += intervalNanos;
        long wait = nextDue - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
    producer.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    long sentInStep = sent.get() - sentBefore;
    long receivedInStep = received.get() - receivedBefore;
    sendingDone.run();
    drain();
    backlogSamples.addAll(stepSamples);
    return new StepResult(
        system,
        rate,
        sentInStep / seconds,
        receivedInStep / seconds,
        slopeOfSecondHalf(stepSamples),
        latency.getIntervalHistogram(),
        stageHistograms());
  }

  /** The step's stage latencies, or none when no result carried stage times. */
  private Map<Stage, Histogram> stageHistograms() {
    Map<Stage, Histogram> stages = new EnumMap<>(Stage.class);
    stageLatency.forEach((stage, recorder) -> stages.put(stage, recorder.getIntervalHistogram()));
    return stages.values().stream().allMatch(h -> h.getTotalCount() == 0) ? Map.of() : stages;
  }

  private long epochMicros(long nanos) {
    return epochMicrosAtStart + (nanos - nanosAtStart) / 1000;
  }

  private void send() {
    long number = nextNumber++;
    var record = workload.record(inputTopic, number);
    sentAtNanos.put(number, System.nanoTime());
    producer.send(record);
    sent.incrementAndGet();
  }

  /**
   * Waits for results still in flight while they keep arriving (bounded), so that the next step
   * starts clean; what is still missing then was backlog, not latency of the next step.
   */
  private void drain() {
    long start = System.nanoTime();
    long lastProgress = start;
    long lastReceived = received.get();
    while (!sentAtNanos.isEmpty()) {
      long now = System.nanoTime();
      if (now - start > DRAIN_MAX.toNanos() || now - lastProgress > DRAIN_IDLE.toNanos()) {
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      if (received.get() != lastReceived) {
        lastReceived = received.get();
        lastProgress = System.nanoTime();
      }
    }
    sentAtNanos.clear();
  }

  private void consume() {
    while (consuming.get()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        long arrived = System.nanoTime();
        Workload.Answer answer = workload.answerOf(record);
        Long sentAt = answer.number() < 0 ? null : sentAtNanos.remove(answer.number());
        if (sentAt != null) {
          received.incrementAndGet();
          latency.recordValue(bounded(TimeUnit.NANOSECONDS.toMicros(arrived - sentAt)));
          if (answer.stamps() != null) {
            answer
                .stamps()
                .micros(epochMicros(sentAt), epochMicros(arrived))
                .forEach((stage, micros) -> stageLatency.get(stage).recordValue(bounded(micros)));
          }
        }
      }
    }
    consumer.close();
  }

  private static long bounded(long micros) {
    return Math.min(Math.max(micros, 0), MAX_LATENCY_MICROS);
  }

  /** Least-squares slope of backlog over time for the second half of the samples. */
  static double slopeOfSecondHalf(List<double[]> samples) {
    List<double[]> half = samples.subList(samples.size() / 2, samples.size());
    if (half.size() < 2) {
      return 0;
    }
    double meanX = half.stream().mapToDouble(s -> s[0]).average().orElse(0);
    double meanY = half.stream().mapToDouble(s -> s[1]).average().orElse(0);
    double covariance = 0;
    double variance = 0;
    for (double[] s : half) {
      covariance += (s[0] - meanX) * (s[1] - meanY);
      variance += (s[0] - meanX) * (s[0] - meanX);
    }
    return variance == 0 ? 0 : covariance / variance;
  }

  @Override
  public void close() {
    sender.shutdownNow();
    consuming.set(false);
    try {
      consumerThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }
}
