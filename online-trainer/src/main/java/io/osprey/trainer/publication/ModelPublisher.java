package io.osprey.trainer.publication;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.model.signing.ModelSigner;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals model snapshots into signed envelopes and writes them to {@code models} (keyed by model
 * name), with the evaluation figures on {@code monitoring}, in one transaction with the consumed
 * offsets when the producer is transactional. Runs on its own thread so serializing the network and
 * waiting for the broker's acknowledgement never stall training; the returned future completes once
 * the envelope is durably written, which is when offsets may be committed.
 */
public final class ModelPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final OspreyTopics topics;
  private final ExecutorService executor;
  private final boolean transactional;
  private final ModelSigner signer;

  /**
   * @param transactional whether {@code producer} is transactional (and initialised): each
   *     publication is then one transaction with its monitoring events and consumed offsets
   */
  public ModelPublisher(
      Producer<byte[], byte[]> producer,
      OspreyTopics topics,
      String modelName,
      boolean transactional,
      ModelSigner signer) {
    this.signer = signer;
    this.producer = producer;
    this.topics = topics;
    this.transactional = transactional;
    this.executor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "osprey-trainer-publisher-" + modelName);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Publishes {@code snapshot}, which the caller hands over and must not touch again.
   *
   * @return the envelope, once the broker has acknowledged it
   */
  public CompletableFuture<ModelEnvelope> publish(
      ScoringModel snapshot,
      ModelEnvelopes.Publication publication,
      List<MonitoringEvent> monitoring,
      Offsets offsets) {
    return CompletableFuture.supplyAsync(
        () ->
            write(
                ModelEnvelopes.seal(snapshot, publication, System.currentTimeMillis(), signer),
                monitoring,
                offsets),
        executor);
  }

  /**
   * Consumed positions to commit in a publication's transaction, with the consumer's group metadata
   * (captured on the consumer's thread; the broker refuses them after a rebalance).
   */
  public record Offsets(
      Map<TopicPartition, OffsetAndMetadata> positions, ConsumerGroupMetadata group) {
    public static final Offsets NONE = new Offsets(Map.of(), null);
  }

  /**
   * Signs and publishes an envelope built from an earlier one (a rollback republishes an earlier
   * version's network under a new version number).
   */
  CompletableFuture<ModelEnvelope> publishSealed(
      ModelEnvelope envelope, List<MonitoringEvent> monitoring) {
    return CompletableFuture.supplyAsync(
        () -> write(signer.sign(envelope), monitoring, Offsets.NONE), executor);
  }

  private ModelEnvelope write(
      ModelEnvelope envelope, List<MonitoringEvent> monitoring, Offsets offsets) {
    if (!transactional) {
      return send(envelope, monitoring);
    }
    producer.beginTransaction();
    try {
      send(envelope, monitoring);
      if (!offsets.positions().isEmpty()) {
        producer.sendOffsetsToTransaction(offsets.positions(), offsets.group());
      }
      producer.commitTransaction();
      return envelope;
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      // Another trainer with this transactional id took over: this one must stop publishing.
      throw new IllegalStateException("fenced by a newer trainer of " + envelope.getName(), e);
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  private ModelEnvelope send(ModelEnvelope envelope, List<MonitoringEvent> monitoring) {
    send(
        topics.models().name(),
        topics.models().serializeKey(envelope.getName()),
        topics.models().serializeValue(envelope));
    // Monitoring is best effort: a lost reading must not hold back the model.
    for (MonitoringEvent event : monitoring) {
      producer.send(
          new ProducerRecord<>(
              topics.monitoring().name(),
              topics.monitoring().serializeKey(event.getMetric()),
              topics.monitoring().serializeValue(event)),
          (metadata, error) -> {
            if (error != null) {
              LOG.warn("monitoring event {} not written: {}", event.getMetric(), error.toString());
            }
          });
    }
    LOG.info(
        "published {} v{} as {} (parent {}, {} examples, offsets {}, threshold {}, {} bytes)",
        envelope.getName(),
        envelope.getVersion(),
        envelope.getRole(),
        envelope.getParentVersion(),
        envelope.getTrainingWindow().getExamples(),
        envelope.getTrainingWindow().getOffsets(),
        envelope.getThreshold(),
        envelope.getPayload().remaining());
    return envelope;
  }

  private void send(String topic, byte[] key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "cannot publish to " + topic + ": " + e.getCause(), e.getCause());
    }
  }

  /** Lets a running publication finish (up to {@code timeout}), then flushes monitoring events. */
  void close(Duration timeout) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    producer.flush();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
