package io.osprey.scoring;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.Prediction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores each feature vector and forwards its prediction keyed by event id, so that a vector scored
 * twice (a retry after a crash under at-least-once) yields the same key and replaces, not adds. One
 * instance per task, holding its own champion and challenger instances (see {@link ModelHolder}).
 */
final class ScoringProcessor implements Processor<String, FeatureVector, String, Prediction> {
  private final ScoringSettings settings;
  private final ScoringMetrics metrics;
  private ProcessorContext<String, Prediction> context;
  private ModelHolder champion;
  private ModelHolder challenger;
  private Scorer scorer;
  private KeyValueStore<String, Prediction> lastPredictions;

  ScoringProcessor(ScoringSettings settings, ScoringMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Prediction> context) {
    this.context = context;
    KeyValueStore<String, ModelEnvelope> store = context.getStateStore(ModelStore.NAME);
    ModelStore models = new ModelStore(store);
    int cached = settings.retainedVersions();
    this.champion = new ModelHolder(models, ModelRole.CHAMPION, metrics, cached);
    this.challenger = new ModelHolder(models, ModelRole.CHALLENGER, metrics, cached);
    this.scorer = new Scorer(settings, System::currentTimeMillis);
    this.lastPredictions =
        LastPredictionStore.enabled(settings)
            ? context.getStateStore(LastPredictionStore.NAME)
            : null;
  }

  @Override
  public void process(Record<String, FeatureVector> record) {
    FeatureVector vector = record.value();
    if (vector == null) {
      return; // a tombstone on a delete-policy topic carries nothing to score
    }
    long start = System.nanoTime();
    Scorer.Scored scored = scorer.score(vector, champion.current(), challenger.current());
    scored.fallbackReason().ifPresent(metrics::fallback);
    scored.shadow().ifPresent(metrics::shadow);
    Prediction prediction = scored.prediction();
    metrics.prediction(prediction.getDecision(), System.nanoTime() - start);
    if (lastPredictions != null && record.key() != null) {
      lastPredictions.put(record.key(), prediction); // the entity id, this task's partition key
    }
    context.forward(record.withKey(vector.getEventId()).withValue(prediction));
  }
}
