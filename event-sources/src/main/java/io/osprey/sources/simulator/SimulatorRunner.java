package io.osprey.sources.simulator;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.Label;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends simulated payments as JSON to {@code transactions} at a fixed rate, exactly as an external
 * producer would, and their labels to {@code labels} after the configured delay. Runs on its own
 * thread until stopped or until {@code maxEvents} were sent.
 */
public final class SimulatorRunner implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorRunner.class);

  /**
   * How long closing waits for unsent records. A plain {@code close()} waits for ever, and with the
   * broker or the JVM struggling (a full-GC storm) that held Ctrl-C for over 11 minutes; what is
   * unsent after this is lost, as it would be for any producer stopped mid-stream.
   */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final SimulatorConfig config;
  private final OspreyTopics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final TransactionGenerator generator;
  private final SimulatedClock clock;
  private boolean shiftLogged; // simulator thread only
  private final Random badRandom;
  private final JsonCodec<Transaction> transactionJson = JsonCodec.of(Transaction.class);
  private final JsonCodec<Label> labelJson = JsonCodec.of(Label.class);
  private final PriorityQueue<PendingLabel> pendingLabels = new PriorityQueue<>();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong fraudSent = new AtomicLong();
  private final AtomicLong labelsSent = new AtomicLong();
  private final AtomicLong malformedSent = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private volatile boolean running = true;
  private Thread thread;

  private record PendingLabel(long dueMillis, Label label) implements Comparable<PendingLabel> {
    @Override
    public int compareTo(PendingLabel other) {
      return Long.compare(dueMillis, other.dueMillis);
    }
  }

  /** A simulator on a clock of its own, starting now. */
  public SimulatorRunner(KafkaClients kafka, OspreyTopics topics, SimulatorConfig config) {
    this(kafka, topics, config, SimulatedClock.startingNow(config));
  }

  /**
   * A simulator stamping event times by {@code clock}, which whoever sends beside it shares (the
   * demo's readiness warm-up), so that nothing lands hours ahead of the simulated stream.
   */
  public SimulatorRunner(
      KafkaClients kafka, OspreyTopics topics, SimulatorConfig config, SimulatedClock clock) {
    this.config = config;
    this.clock = clock;
    this.topics = topics;
    this.generator =
        new TransactionGenerator(config, Long.toString(System.currentTimeMillis(), 36));
    this.badRandom = new Random(config.seed() + 1);
    Map<String, Object> props = kafka.producer("osprey-simulator");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts the simulator on a daemon thread named {@code osprey-simulator}. */
  public SimulatorRunner start() {
    thread = new Thread(this, "osprey-simulator");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    long intervalNanos = (long) (1_000_000_000L / config.eventsPerSecond());
    long nextDue = System.nanoTime();
    try {
      while (running && (config.maxEvents() == 0 || eventsSent.get() < config.maxEvents())) {
        long now = clock.wallClock();
        sendDueLabels(now);
        long simulated = clock.next();
        sendEvent(generator.next(simulated), now);
        if (!shiftLogged && generator.shifted()) {
          shiftLogged = true; // the moment drift detection is measured from
          LOG.info(
              "drift shift {} started at wall clock {} (event time {})",
              config.scenarios().shift().kind(),
              now,
              simulated);
        }
        if (config.malformedRate() > 0 && badRandom.nextDouble() < config.malformedRate()) {
          producer.send(
              new ProducerRecord<>(
                  topics.transactions().name(), "card-1", MalformedRecords.next(badRandom, now)),
              this::onSent);
          malformedSent.incrementAndGet();
        }
        nextDue += intervalNanos;
        long wait = nextDue - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      // Deliver the labels still owed for what was sent, so every fraud gets its verdict.
      while (running && !pendingLabels.isEmpty()) {
        sendDueLabels(System.currentTimeMillis());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      producer.flush();
    } catch (RuntimeException e) {
      LOG.error("Simulator stopped by an error", e);
    }
  }

  private void sendEvent(SimulatedEvent event, long now) {
    Transaction transaction = event.transaction();
    producer.send(
        new ProducerRecord<>(
            topics.transactions().name(),
            transaction.getCardId(),
            transactionJson.encode(transaction)),
        this::onSent);
    eventsSent.incrementAndGet();
    if (event.fraud()) {
      fraudSent.incrementAndGet();
    }
    if (event.label() != null) {
      pendingLabels.add(new PendingLabel(now + config.labelDelay().toMillis(), event.label()));
    }
  }

  private void sendDueLabels(long now) {
    while (!pendingLabels.isEmpty() && pendingLabels.peek().dueMillis() <= now) {
      Label label = pendingLabels.poll().label();
      label.setLabelTime(now);
      producer.send(
          new ProducerRecord<>(topics.labels().name(), label.getEventId(), labelJson.encode(label)),
          this::onSent);
      labelsSent.incrementAndGet();
    }
  }

  private void onSent(RecordMetadata metadata, Exception failure) {
    if (failure != null) {
      sendFailures.incrementAndGet();
      LOG.warn("Simulator could not send a record: {}", failure.toString());
    }
  }

  /** Records the broker did not acknowledge (counted in the sent figures all the same). */
  public long sendFailures() {
    return sendFailures.get();
  }

  /** The prefix of every event id this run sends, e.g. to find its predictions. */
  public String eventIdPrefix() {
    return generator.eventIdPrefix();
  }

  public long eventsSent() {
    return eventsSent.get();
  }

  public long fraudSent() {
    return fraudSent.get();
  }

  public long labelsSent() {
    return labelsSent.get();
  }

  public long malformedSent() {
    return malformedSent.get();
  }

  /** True once the simulator has sent everything it will send. */
  public boolean finished() {
    return thread != null && !thread.isAlive();
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(CLOSE_TIMEOUT);
  }
}
