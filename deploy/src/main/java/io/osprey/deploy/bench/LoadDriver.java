package io.osprey.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.deploy.simulator.SimulatedEvent;
import io.osprey.deploy.simulator.TransactionGenerator;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces payments into a running system at a fixed rate (or flat out) and measures, per step,
 * end-to-end latency from the moment each payment was handed to the producer to the moment its
 * result arrived here, the rates sent and received, and how the backlog in between evolves.
 *
 * <p>Results are matched by the {@code eventId} field of their JSON value, so the same driver
 * measures Osprey (predictions) and the pass-through baseline (the payment itself, copied through).
 * Send times are kept in a map until their result arrives; a step ends by draining for a bounded
 * time, so a system that falls behind shows as backlog, not as a hang.
 */
public final class LoadDriver implements AutoCloseable {
  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final String system;
  private final String inputTopic;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TransactionGenerator generator;
  private final JsonCodec<Transaction> json = JsonCodec.of(Transaction.class);
  private final Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
  private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final Thread consumerThread;

  public LoadDriver(
      String system, String bootstrap, String inputTopic, String resultTopic, long seed) {
    this.system = system;
    this.inputTopic = inputTopic;
    this.generator = new TransactionGenerator(seed, 50_000, 0.004, 0, system + seed);
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                1,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.CLIENT_ID_CONFIG,
                "osprey-load-" + system),
            new StringSerializer(),
            new ByteArraySerializer());
    this.consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(resultTopic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    consumerThread = new Thread(this::consume, "osprey-load-consumer-" + system);
    consumerThread.setDaemon(true);
    consumerThread.start();
  }

  /**
   * Runs one step.
   *
   * @param rate events per second, or 0 for flat out
   * @param duration how long to send
   * @param backlogSamples receives (seconds since step start, events in flight) once a second
   */
  public StepResult runStep(double rate, Duration duration, List<double[]> backlogSamples) {
    latency.reset();
    long sentBefore = sent.get();
    long receivedBefore = received.get();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
    long nextDue = start;
    long nextSample = start + TimeUnit.SECONDS.toNanos(1);
    List<double[]> stepSamples = new ArrayList<>();
    while (System.nanoTime() < end) {
      send();
      long now = System.nanoTime();
      if (now >= nextSample) {
        double[] sample = {(now - start) / 1e9, sentAtNanos.size()};
        stepSamples.add(sample);
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
    drain();
    backlogSamples.addAll(stepSamples);
    return new StepResult(
        system,
        rate,
        sentInStep / seconds,
        receivedInStep / seconds,
        slopeOfSecondHalf(stepSamples),
        latency.getIntervalHistogram());
  }

  private void send() {
    SimulatedEvent event = generator.next(System.currentTimeMillis());
    Transaction transaction = event.transaction();
    sentAtNanos.put(transaction.getEventId(), System.nanoTime());
    producer.send(
        new ProducerRecord<>(inputTopic, transaction.getCardId(), json.encode(transaction)));
    sent.incrementAndGet();
  }

  /** Waits (bounded) for results still in flight so that the next step starts clean. */
  private void drain() {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (!sentAtNanos.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    sentAtNanos.clear(); // what is still missing was backlog; it is not latency of the next step
  }

  private void consume() {
    while (consuming.get()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
        long arrived = System.nanoTime();
        String eventId = eventId(record.value());
        Long sentAt = eventId == null ? null : sentAtNanos.remove(eventId);
        if (sentAt != null) {
          received.incrementAndGet();
          long micros = TimeUnit.NANOSECONDS.toMicros(arrived - sentAt);
          latency.recordValue(Math.min(Math.max(micros, 0), MAX_LATENCY_MICROS));
        }
      }
    }
    consumer.close();
  }

  private static String eventId(byte[] value) {
    try {
      JsonNode node = JSON.readTree(value);
      JsonNode id = node == null ? null : node.get("eventId");
      return id == null ? null : id.asText();
    } catch (IOException e) {
      return null;
    }
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
    consuming.set(false);
    try {
      consumerThread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }
}
