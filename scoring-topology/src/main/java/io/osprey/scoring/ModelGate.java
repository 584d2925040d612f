package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.schema.ModelEnvelope;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global-store processor over the {@code models} topic: the only writer of {@link ModelStore}.
 * An accepted champion replaces the served model; a refused one is reported and the served model
 * stays live. Challengers are not served yet (shadow scoring is a later step), tombstones and
 * versions not newer than the served one are ignored, so a replay cannot roll a model back.
 *
 * <p>Runs on every instance's global thread: each instance reports its own verdict, and re-runs
 * over the topic tail on restore (so an event may repeat after a restart; monitoring tolerates it).
 */
final class ModelGate implements Processor<String, ModelEnvelope, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(ModelGate.class);

  private final EnvelopeValidator validator;
  private final ScoringMetrics metrics;
  private final MonitoringSink monitoring;
  private ModelStore store;
  private String instance;

  ModelGate(EnvelopeValidator validator, ScoringMetrics metrics, MonitoringSink monitoring) {
    this.validator = validator;
    this.metrics = metrics;
    this.monitoring = monitoring;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    KeyValueStore<String, ModelEnvelope> kv = context.getStateStore(ModelStore.NAME);
    store = new ModelStore(kv);
    instance = context.applicationId() + "@" + ManagementFactory.getRuntimeMXBean().getName();
    ModelEnvelope served = store.head();
    if (served != null) {
      // Restored from local RocksDB: serve on where we left off.
      metrics.modelRestored(served.getVersion());
    }
  }

  @Override
  public void process(Record<String, ModelEnvelope> record) {
    ModelEnvelope envelope = record.value();
    if (envelope == null) {
      LOG.info("Ignoring tombstone for model {}", record.key());
      return;
    }
    if (!ModelEnvelopes.CHAMPION.equals(envelope.getRole())) {
      LOG.info(
          "Ignoring {} v{} with role {}",
          envelope.getName(),
          envelope.getVersion(),
          envelope.getRole());
      return;
    }
    ModelEnvelope served = store.head();
    if (served != null
        && served.getName().equals(envelope.getName())
        && envelope.getVersion() <= served.getVersion()) {
      LOG.info(
          "Ignoring {} v{}: v{} is already served",
          envelope.getName(),
          envelope.getVersion(),
          served.getVersion());
      return;
    }
    long now = System.currentTimeMillis();
    Optional<String> refusal = validator.refusal(envelope);
    if (refusal.isPresent()) {
      LOG.warn(
          "Refused model {} v{}: {}", envelope.getName(), envelope.getVersion(), refusal.get());
      metrics.modelRefused();
      monitoring.publish(ModelEvents.refused(envelope, refusal.get(), instance, now));
      return;
    }
    store.serve(envelope);
    metrics.modelAccepted(envelope.getVersion());
    LOG.info("Serving model {} v{}", envelope.getName(), envelope.getVersion());
    monitoring.publish(ModelEvents.accepted(envelope, instance, now));
  }
}
