package io.osprey.trainer.publication;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ScoringModel;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.trainer.monitoring.TrainerMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's account of what it published and which consumed examples that makes safe: each
 * publication is handed to the {@link ModelPublisher} with the offsets of the examples it covers,
 * and completes in version order.
 *
 * <p>With exactly-once, the offsets travel in the publication's transaction (captured here, on the
 * consumer's thread, for the partitions still owned), so an envelope and the positions it covers
 * are committed together or not at all. Without it, the offsets are committed once the envelope is
 * acknowledged; offsets only grow with versions, so committing in version order never moves a
 * position back, and a crash between the two retrains (never skips) a few batches.
 *
 * <p>A failed publication spends its version (versions are monotonic, not contiguous) and leaves
 * its offsets uncommitted; a fenced producer means a newer instance of this trainer owns the model
 * and this one must stop. Owned by the training thread.
 */
public final class PublicationLedger {
  private static final Logger LOG = LoggerFactory.getLogger(PublicationLedger.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  /** What the ledger tells the trainer as publications complete. */
  public interface Listener {
    /** The envelope is durably on the topic. */
    void acknowledged(ModelEnvelope envelope);

    /** A newer instance of this trainer took over: the loop must not go on. */
    void fenced(Throwable cause);
  }

  /** A publication on its way and the offsets it makes safe to commit. */
  private record InFlight(
      long version, CompletableFuture<ModelEnvelope> envelope, Map<Integer, Long> offsets) {}

  private final ModelPublisher publisher;
  private final Consumer<byte[], byte[]> examples;
  private final String examplesTopic;
  private final String modelName;
  private final boolean exactlyOnce;
  private final TrainerMetrics metrics;
  private final Listener listener;
  private final Deque<InFlight> inFlight = new ArrayDeque<>();

  /**
   * @param examples the consumer of the examples the publications cover (its positions are
   *     committed, its group metadata goes into transactions)
   * @param exactlyOnce whether the publisher is transactional
   */
  public PublicationLedger(
      ModelPublisher publisher,
      Consumer<byte[], byte[]> examples,
      String examplesTopic,
      String modelName,
      boolean exactlyOnce,
      TrainerMetrics metrics,
      Listener listener) {
    this.publisher = publisher;
    this.examples = examples;
    this.examplesTopic = examplesTopic;
    this.modelName = modelName;
    this.exactlyOnce = exactlyOnce;
    this.metrics = metrics;
    this.listener = listener;
  }

  /**
   * Publishes a trained snapshot (handed over: the caller must not touch it again) that covers the
   * examples before {@code nextOffsets} (partition to next offset).
   */
  public void publish(
      long version,
      ScoringModel snapshot,
      ModelEnvelopes.Publication publication,
      List<MonitoringEvent> monitoring,
      Map<Integer, Long> nextOffsets) {
    CompletableFuture<ModelEnvelope> envelope =
        publisher.publish(snapshot, publication, monitoring, transactionOffsets(nextOffsets));
    inFlight.addLast(new InFlight(version, envelope, nextOffsets));
  }

  /** Publishes an envelope built from an earlier one; it covers no new examples. */
  public void republish(long version, ModelEnvelope envelope, List<MonitoringEvent> monitoring) {
    inFlight.addLast(
        new InFlight(version, publisher.publishSealed(envelope, monitoring), Map.of()));
  }

  /** Completes the publications already acknowledged, in version order. */
  public void completeAcknowledged() {
    while (!inFlight.isEmpty() && inFlight.peekFirst().envelope().isDone()) {
      completeOldest(false);
    }
  }

  /**
   * Waits for every publication in flight and completes it. Before reading {@code models}: an open
   * transaction of our own would hide what others appended after it (read_committed stops at it).
   */
  public void completeAll() {
    while (!inFlight.isEmpty()) {
      completeOldest(true);
    }
  }

  /** Lets a running publication finish, then releases the publisher. */
  public void close() {
    publisher.close();
  }

  private void completeOldest(boolean sync) {
    InFlight done = inFlight.removeFirst();
    try {
      ModelEnvelope envelope = done.envelope().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      metrics.published(envelope.getVersion());
      listener.acknowledged(envelope);
      if (!exactlyOnce) {
        commit(done.offsets(), sync); // with exactly-once, the transaction committed them
      }
    } catch (ExecutionException | TimeoutException e) {
      // The version number is spent either way: versions are monotonic, not contiguous.
      metrics.publicationFailed();
      if (e.getCause() != null
          && e.getCause().getCause() instanceof ProducerFencedException fenced) {
        listener.fenced(fenced);
      }
      LOG.error(
          "publication of {} v{} failed; its offsets stay uncommitted",
          modelName,
          done.version(),
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** With exactly-once, the positions a publication covers, to commit in its transaction. */
  private ModelPublisher.Offsets transactionOffsets(Map<Integer, Long> nextOffsets) {
    if (!exactlyOnce) {
      return ModelPublisher.Offsets.NONE;
    }
    return new ModelPublisher.Offsets(ownedPositions(nextOffsets), examples.groupMetadata());
  }

  private Map<TopicPartition, OffsetAndMetadata> ownedPositions(Map<Integer, Long> offsets) {
    Set<TopicPartition> owned = examples.assignment();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    offsets.forEach(
        (partition, next) -> {
          TopicPartition tp = new TopicPartition(examplesTopic, partition);
          if (owned.contains(tp)) {
            commit.put(tp, new OffsetAndMetadata(next));
          }
        });
    return commit;
  }

  /** Commits the positions covered by a published model, for partitions still owned. */
  private void commit(Map<Integer, Long> offsets, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> commit = ownedPositions(offsets);
    if (commit.isEmpty()) {
      return;
    }
    if (sync) {
      try {
        examples.commitSync(commit);
      } catch (WakeupException e) {
        // close() woke the consumer while the loop was not polling; the wakeup is now spent.
        examples.commitSync(commit);
      }
    } else {
      examples.commitAsync(
          commit,
          (committed, error) -> {
            if (error != null) {
              LOG.warn("offset commit failed (examples will be retrained): {}", error.toString());
            }
          });
    }
  }
}
