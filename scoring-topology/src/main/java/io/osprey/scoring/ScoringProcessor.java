package io.osprey.scoring;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.Topic;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores each feature vector and forwards its prediction keyed by event id, so that a vector scored
 * twice (a retry after a crash under at-least-once) yields the same key and replaces, not adds. One
 * instance per task, holding its own champion and challenger instances (see {@link ModelHolder}).
 *
 * <p>The prediction is encoded here, once, in the {@code predictions} topic's format, and the same
 * bytes go to the topic and to the last-prediction store: encoding was the largest cost of the hot
 * path after the model lookup, and the store used to encode every prediction a second time.
 *
 * <p>An event scored before within {@code scoring.decisions.retention} is not scored again: the
 * prediction emitted then is emitted once more ({@link EmittedDecisions}).
 */
final class ScoringProcessor implements Processor<String, FeatureVector, String, byte[]> {
  private final ScoringConfig config;
  private final ScoringMetrics metrics;
  private final AdmittedModelStoreChanges changes;
  private final String predictionsTopic;
  private final Serializer<Prediction> encoder;
  private final MonitoringSink monitoring;
  private ProcessorContext<String, byte[]> context;
  private ModelHolder champion;
  private ModelHolder challenger;
  private Scorer scorer;
  private KeyValueStore<String, byte[]> lastPredictions;
  private EmittedDecisions emitted;

  ScoringProcessor(
      ScoringConfig config,
      ScoringMetrics metrics,
      AdmittedModelStoreChanges changes,
      Topic<String, Prediction> predictions) {
    this(config, metrics, changes, predictions, MonitoringSink.NONE);
  }

  /**
   * @param monitoring where the served model's age alert goes ({@link ServedModelAge})
   */
  ScoringProcessor(
      ScoringConfig config,
      ScoringMetrics metrics,
      AdmittedModelStoreChanges changes,
      Topic<String, Prediction> predictions,
      MonitoringSink monitoring) {
    this.monitoring = monitoring;
    this.config = config;
    this.metrics = metrics;
    this.changes = changes;
    this.predictionsTopic = predictions.name();
    this.encoder = predictions.valueSerde().serializer();
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    KeyValueStore<String, ModelEnvelope> store = context.getStateStore(AdmittedModelStore.NAME);
    AdmittedModelStore models = new AdmittedModelStore(store);
    int cached = config.retainedVersions();
    this.champion = new ModelHolder(models, ModelRole.CHAMPION, metrics, changes, cached);
    this.challenger = new ModelHolder(models, ModelRole.CHALLENGER, metrics, changes, cached);
    this.scorer = new Scorer(config, System::currentTimeMillis);
    this.emitted =
        EmittedDecisions.enabled(config)
            ? new EmittedDecisions(
                context.getStateStore(EmittedDecisions.NAME), config.decisionRetention())
            : null;
    this.lastPredictions =
        LastPredictionStore.enabled(config)
            ? context.getStateStore(LastPredictionStore.NAME)
            : null;
  }

  @Override
  public void process(Record<String, FeatureVector> record) {
    FeatureVector vector = record.value();
    if (vector == null) {
      return; // a tombstone on a delete-policy topic carries nothing to score
    }
    if (emitted != null) {
      byte[] earlier = emitted.emitted(vector.getEventId(), context.currentSystemTimeMs());
      if (earlier != null) {
        // Scored before (ingest replayed it after a crash): the earlier decision stands.
        metrics.decisionReplayed();
        context.forward(record.withKey(vector.getEventId()).withValue(earlier));
        return;
      }
    }
    long start = System.nanoTime();
    Optional<ServedModel> served = champion.current();
    Scorer.Scored scored = scorer.score(vector, served, challenger.current());
    scored.fallbackReason().ifPresent(metrics::fallback);
    if (scored.fallbackReason().isEmpty() && served.isPresent()) {
      ageOf(served.get(), vector.getEventTime());
    }
    scored.shadow().ifPresent(metrics::shadow);
    Prediction prediction = scored.prediction();
    metrics.prediction(prediction.getDecision(), System.nanoTime() - start);
    byte[] encoded = encoder.serialize(predictionsTopic, prediction);
    if (emitted != null) {
      emitted.remember(vector.getEventId(), encoded, context.currentSystemTimeMs());
    }
    if (lastPredictions != null && record.key() != null) {
      lastPredictions.put(record.key(), encoded); // the entity id, this task's partition key
    }
    context.forward(record.withKey(vector.getEventId()).withValue(encoded));
  }

  private void ageOf(ServedModel model, long eventTime) {
    MonitoringEvent alert =
        metrics
            .servedAge()
            .scored(model, eventTime, config.maxModelAge(), context.currentSystemTimeMs());
    if (alert != null) {
      monitoring.publish(alert);
    }
  }
}
