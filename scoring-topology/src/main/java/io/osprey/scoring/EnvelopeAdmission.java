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
 * The global-store processor over the {@code models} topic: the only writer of {@link
 * AdmittedModelStore}. An accepted champion replaces the served model; an accepted challenger
 * replaces the shadow model; a refused envelope is reported and the served models stay live.
 * Tombstones, unknown roles and genuine versions older than the one served in the same slot are
 * ignored, so a replay cannot roll a model back: a rollback is a republication under a new version
 * ({@link io.osprey.model.registry.Republication}). An envelope whose signature is not believed is
 * refused and reported whatever its version; one with the served version is ignored only if it is
 * the served envelope again, and refused otherwise. A champion whose payload is the served
 * challenger's is a promotion, and retires the challenger.
 *
 * <p>Runs on every instance's global thread: each instance reports its own verdict, and re-runs
 * over the topic tail on restore (so an event may repeat after a restart; monitoring tolerates it).
 */
final class EnvelopeAdmission implements Processor<String, ModelEnvelope, Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(EnvelopeAdmission.class);

  private final EnvelopeValidator validator;
  private final ScoringMetrics metrics;
  private final MonitoringSink monitoring;
  private final int retained;
  private final AdmittedModelStoreChanges changes;
  private AdmittedModelStore store;
  private String instance;

  EnvelopeAdmission(
      EnvelopeValidator validator,
      ScoringMetrics metrics,
      MonitoringSink monitoring,
      int retained,
      AdmittedModelStoreChanges changes) {
    this.validator = validator;
    this.metrics = metrics;
    this.monitoring = monitoring;
    this.retained = retained;
    this.changes = changes;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    KeyValueStore<String, ModelEnvelope> kv = context.getStateStore(AdmittedModelStore.NAME);
    store = new AdmittedModelStore(kv);
    instance = context.applicationId() + "@" + ManagementFactory.getRuntimeMXBean().getName();
    for (ModelRole role : ModelRole.values()) {
      ModelEnvelope served = store.head(role);
      if (served != null) {
        // Restored from local RocksDB: serve on where we left off.
        metrics.modelRestored(role, served.getVersion());
      }
    }
  }

  @Override
  public void process(Record<String, ModelEnvelope> record) {
    ModelEnvelope envelope = record.value();
    if (envelope == null) {
      LOG.info("Ignoring tombstone for model {}", record.key());
      return;
    }
    Optional<ModelRole> role = ModelRole.of(envelope.getRole());
    if (role.isEmpty()) {
      LOG.info(
          "Ignoring {} v{} with role {}",
          envelope.getName(),
          envelope.getVersion(),
          envelope.getRole());
      return;
    }
    ModelEnvelope served = store.head(role.get());
    if (served != null && !validator.stillBelieves(served)) {
      // Served from before an upgrade to signed models (or signed by a key since removed): it
      // keeps scoring until a believed envelope replaces it, whatever their versions.
      LOG.info(
          "{} {} v{} is no longer trusted; any trusted version may replace it",
          role.get(),
          served.getName(),
          served.getVersion());
      served = null;
    }
    long now = System.currentTimeMillis();
    // The signature first: whatever its version, a forged envelope is reported, never ignored.
    Optional<String> refusal = validator.signatureRefusal(envelope);
    if (refusal.isEmpty()
        && served != null
        && served.getName().equals(envelope.getName())
        && envelope.getVersion() <= served.getVersion()) {
      if (envelope.getVersion() < served.getVersion()) {
        LOG.info(
            "Ignoring {} {} v{}: v{} is already served",
            role.get(),
            envelope.getName(),
            envelope.getVersion(),
            served.getVersion());
        return;
      }
      if (identical(envelope, served)) {
        LOG.debug(
            "Ignoring a repeat of {} {} v{}",
            role.get(),
            envelope.getName(),
            envelope.getVersion());
        return;
      }
      refusal =
          Optional.of(
              "v"
                  + envelope.getVersion()
                  + " is already served with different content; a new model needs a new version");
    }
    if (refusal.isEmpty()) {
      refusal =
          validator.refusal(
              envelope,
              served,
              store.acceptedWithChecksum(envelope.getName(), envelope.getChecksum()));
    }
    if (refusal.isPresent()) {
      LOG.warn(
          "Refused model {} v{}: {}", envelope.getName(), envelope.getVersion(), refusal.get());
      metrics.modelRefused();
      monitoring.publish(AdmissionEvents.refused(envelope, refusal.get(), instance, now));
      return;
    }
    store.serve(role.get(), envelope, retained);
    changes.changed();
    metrics.modelAccepted(role.get(), envelope.getVersion());
    LOG.info("Serving {} {} v{}", role.get(), envelope.getName(), envelope.getVersion());
    monitoring.publish(AdmissionEvents.accepted(envelope, instance, now));
    ModelEnvelope challenger = store.head(ModelRole.CHALLENGER);
    if (role.get() == ModelRole.CHAMPION
        && challenger != null
        && challenger.getChecksum().equalsIgnoreCase(envelope.getChecksum())) {
      store.retire(ModelRole.CHALLENGER);
      changes.changed();
      metrics.challengerRetired();
      LOG.info(
          "Challenger {} v{} promoted; no shadow model now",
          challenger.getName(),
          challenger.getVersion());
    }
  }

  /** Whether {@code envelope} is the served one delivered again (its header and payload alike). */
  private static boolean identical(ModelEnvelope envelope, ModelEnvelope servedHead) {
    return AdmittedModelStore.header(envelope).equals(servedHead)
        && ModelEnvelopes.sha256(EnvelopeValidator.bytes(envelope.getPayload()))
            .equalsIgnoreCase(servedHead.getChecksum());
  }
}
