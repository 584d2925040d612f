package io.osprey.scoring;

import io.osprey.model.ModelException;
import io.osprey.schema.ModelEnvelope;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's handle on the served model. On every record it compares the store's head (name and
 * version, no payload) with what it holds and loads its own instance only when they differ, so a
 * swap takes effect between two records without a restart and costs one load per task.
 */
final class ModelHolder {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);

  private final ModelStore store;
  private final ScoringMetrics metrics;
  private ServedModel current;

  ModelHolder(ModelStore store, ScoringMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** The model to score with now, or empty before the first accepted envelope. */
  Optional<ServedModel> current() {
    ModelEnvelope head = store.head();
    if (head != null && (current == null || !current.sameAs(head))) {
      reload();
    }
    return Optional.ofNullable(current);
  }

  private void reload() {
    ModelEnvelope envelope = store.champion();
    try {
      current = ServedModel.open(envelope);
      metrics.modelLoaded();
      LOG.info("Task loaded model {} v{}", current.name(), current.version());
    } catch (ModelException e) {
      // The gate validated this envelope, so this is unexpected (e.g. out of memory while loading):
      // keep the model we have and try again on the next record.
      LOG.error(
          "Cannot load served model {} v{}; keeping the current one",
          envelope.getName(),
          envelope.getVersion(),
          e);
    }
  }
}
