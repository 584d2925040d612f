package io.osprey.scoring;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.ModelException;
import io.osprey.model.ScoringModel;
import io.osprey.schema.ModelEnvelope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's handle on the model served in one {@link ModelRole} slot. When the store has changed
 * since it last looked ({@link AdmittedModelStoreChanges}), it compares the store's head (name and
 * version, no payload) with what it holds and loads its own instance only when they differ, so a
 * swap takes effect between two records without a restart and costs one load per task. The last few
 * compiled networks stay cached by payload, so a rollback to one of them (a republished envelope
 * with the same checksum) swaps without loading anything.
 */
final class ModelHolder {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

  private final AdmittedModelStore store;
  private final ModelRole role;
  private final ScoringMetrics metrics;
  private final AdmittedModelStoreChanges changes;
  private final Map<String, ScoringModel> compiled;
  private ServedModel current;
  private long seenChanges = AdmittedModelStoreChanges.NEVER_READ;

  ModelHolder(
      AdmittedModelStore store,
      ModelRole role,
      ScoringMetrics metrics,
      AdmittedModelStoreChanges changes,
      int cached) {
    this.store = store;
    this.role = role;
    this.metrics = metrics;
    this.changes = changes;
    this.compiled =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ScoringModel> eldest) {
            return size() > cached;
          }
        };
  }

  /** The model to score with now, or empty when nothing is served in this slot. */
  Optional<ServedModel> current() {
    long count = changes.count(); // read before the store: a later write moves it again
    if (count != seenChanges && refresh()) {
      seenChanges = count;
    }
    return Optional.ofNullable(current);
  }

  /** Catches up with the store; false when a load failed and the next record should retry. */
  private boolean refresh() {
    ModelEnvelope head = store.head(role);
    if (head == null) {
      current = null; // a retired challenger
      return true;
    }
    return (current != null && current.sameAs(head)) || reload();
  }

  private boolean reload() {
    ModelEnvelope envelope = store.served(role);
    if (envelope == null) {
      current = null; // retired between the two reads
      return true;
    }
    String key = payloadKey(envelope);
    ScoringModel model = compiled.get(key);
    try {
      if (model == null) {
        model = ModelEnvelopes.openForScoring(envelope);
        compiled.put(key, model);
        metrics.modelLoaded();
      }
      current = ServedModel.of(model, envelope);
      LOG.info("Task serves {} {} v{}", role, current.name(), current.version());
      return true;
    } catch (ModelException e) {
      // Admission validated this envelope, so this is unexpected (e.g. out of memory while
      // loading):
      // keep the model we have and try again on the next record.
      LOG.error(
          "Cannot load {} {} v{}; keeping the current one",
          role,
          envelope.getName(),
          envelope.getVersion(),
          e);
      return false;
    }
  }

  /**
   * What determines the scoring model: the payload, the normalisation before it and the calibration
   * after it (a re-calibrated republication of the same network must not reuse the old one).
   */
  private static String payloadKey(ModelEnvelope envelope) {
    return envelope.getChecksum().toLowerCase(java.util.Locale.ROOT)
        + "/"
        + envelope.getFeatureMean()
        + "/"
        + envelope.getFeatureStd()
        + "/"
        + envelope.getCalibration();
  }
}
