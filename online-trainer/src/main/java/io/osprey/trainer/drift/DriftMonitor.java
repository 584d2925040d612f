package io.osprey.trainer.drift;

import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one model for drift as an outside reader (assigned partitions, no group, read committed):
 * {@code features}, {@code predictions} and {@code training-examples} from the moment it starts,
 * {@code models} from the beginning (the reference profiles of trusted envelopes). Each record goes
 * through a {@link DriftWatch}; every reading is a {@code drift} event on {@code monitoring}, and
 * every alert goes to the {@link DriftResponse}.
 *
 * <p>Why here, in the trainer's process, and not in the scorer: the scorer is scaled out by
 * partitions, so each instance would see a slice of the traffic and report its own drift (and pay
 * for it on the hot path); the trainer is one per model, and it is the component that acts on an
 * alert (reset or retrain), so detection and action meet without a command channel. It reads the
 * same topics any outside consumer reads, so it could move to a process of its own unchanged.
 */
public final class DriftMonitor implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

  private final OspreyTopics topics;
  private final String modelName;
  private final EnvelopeTrust trust;
  private final DriftWatch watch;
  private final DriftResponse response;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile boolean running = true;
  private Thread thread;

  private DriftMonitor(
      DriftConfig config,
      KafkaClients kafka,
      OspreyTopics topics,
      String modelName,
      EnvelopeTrust trust,
      DriftResponse.Factory responses) {
    this.topics = topics;
    this.modelName = modelName;
    this.trust = trust;
    this.watch = new DriftWatch(config);
    Map<String, Object> consumerConfig = kafka.committedReader("osprey-drift-" + modelName);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(
            consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerConfig = kafka.idempotentProducer("osprey-drift-" + modelName);
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(producerConfig);
    this.response = responses.create(this::publish);
  }

  /**
   * Starts watching {@code modelName} on a daemon thread.
   *
   * @param responses makes the response to alerts, given where its events go
   */
  public static DriftMonitor start(
      DriftConfig config,
      KafkaClients kafka,
      OspreyTopics topics,
      String modelName,
      EnvelopeTrust trust,
      DriftResponse.Factory responses) {
    DriftMonitor monitor = new DriftMonitor(config, kafka, topics, modelName, trust, responses);
    try {
      monitor.position();
    } catch (RuntimeException e) {
      monitor.close();
      throw e;
    }
    monitor.thread = new Thread(monitor, "osprey-drift-" + modelName);
    monitor.thread.setDaemon(true);
    monitor.thread.start();
    return monitor;
  }

  /** The response to this monitor's alerts (the trainer takes its requests). */
  public DriftResponse response() {
    return response;
  }

  /** Readings published since start. */
  public long readings() {
    return readings.get();
  }

  private void position() {
    List<TopicPartition> live = new ArrayList<>();
    for (String topic :
        List.of(
            topics.features().name(),
            topics.predictions().name(),
            topics.trainingExamples().name())) {
      live.addAll(partitions(topic));
    }
    List<TopicPartition> models = partitions(topics.models().name());
    List<TopicPartition> all = new ArrayList<>(live);
    all.addAll(models);
    consumer.assign(all);
    consumer.seekToEnd(live);
    live.forEach(consumer::position); // resolve now: only what happens from here on
    consumer.seekToBeginning(models);
  }

  private List<TopicPartition> partitions(String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic)) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  @Override
  public void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            handle(record);
          } catch (RuntimeException e) {
            // anyone may write these topics: a record the monitor cannot read is skipped
            unreadable.incrementAndGet();
            LOG.debug("unreadable record on {}: {}", record.topic(), e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("drift monitor of {} stopped by an error", modelName, e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
      producer.close(Duration.ofSeconds(5));
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (record.value() == null) {
      return;
    }
    List<DriftReading> found;
    if (topic.equals(topics.features().name())) {
      FeatureVector vector = topics.features().deserializeValue(record.value());
      found = watch.onFeatures(vector.getSpecHash(), vector.getValues(), vector.getEventTime());
    } else if (topic.equals(topics.predictions().name())) {
      Prediction p = topics.predictions().deserializeValue(record.value());
      found =
          watch.onPrediction(
              p.getEventId(),
              p.getModelVersion(),
              p.getFallback(),
              p.getScore(),
              p.getDecision(),
              p.getEventTime());
    } else if (topic.equals(topics.trainingExamples().name())) {
      TrainingExample example = topics.trainingExamples().deserializeValue(record.value());
      found =
          watch.onMatured(
              example.getFeatures().getEventId(),
              example.getFraud(),
              example.getFeatures().getEventTime());
    } else if (topic.equals(topics.models().name())) {
      ModelEnvelope envelope = topics.models().deserializeValue(record.value());
      if (modelName.equals(envelope.getName())
          && envelope.getReferenceProfile() != null
          && trust.refusal(envelope).isEmpty()) {
        watch.reference(
            envelope.getVersion(), envelope.getSpecHash(), envelope.getReferenceProfile());
      }
      return;
    } else {
      return;
    }
    long now = System.currentTimeMillis();
    for (DriftReading reading : found) {
      publish(reading.toEvent(now));
      readings.incrementAndGet();
      if (reading.alert()) {
        LOG.info("drift alert for {}: {}", modelName, reading.describe());
        response.onAlert(reading);
      }
    }
  }

  /** Best effort: a lost reading must not stop the monitor. */
  private void publish(MonitoringEvent event) {
    producer.send(
        new ProducerRecord<>(
            topics.monitoring().name(),
            topics.monitoring().serializeKey(event.getMetric()),
            topics.monitoring().serializeValue(event)),
        (metadata, error) -> {
          if (error != null) {
            LOG.warn("drift event {} not written: {}", event.getMetric(), error.toString());
          }
        });
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread == null) {
      consumer.close(Duration.ofSeconds(2));
      producer.close(Duration.ofSeconds(5));
      return;
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
