package io.osprey.trainer.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.trainer.intake.ExampleIntake;
import io.osprey.trainer.learning.EvaluationSnapshot;
import io.osprey.trainer.publication.PublishPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The trainer's Micrometer meters, named once here. Scraped as e.g. {@code
 * osprey_trainer_examples_total{outcome="trained"}} and {@code
 * osprey_trainer_precision{window="recent"}}. All meters carry a {@code model} tag.
 *
 * <p>{@link #close()} removes the meters, so a trainer restarted in the same JVM (the launcher)
 * registers gauges bound to its own state rather than finding its predecessor's.
 */
public final class TrainerMetrics implements AutoCloseable {
  public static final String EXAMPLES = "osprey.trainer.examples";
  public static final String BATCHES = "osprey.trainer.batches";
  public static final String BATCH_LATENCY = "osprey.trainer.batch.latency";
  public static final String PUBLICATIONS = "osprey.trainer.publications";
  public static final String PUBLISHED_VERSION = "osprey.trainer.published.version";
  public static final String PRECISION = "osprey.trainer.precision";
  public static final String RECALL = "osprey.trainer.recall";
  public static final String F1 = "osprey.trainer.f1";
  public static final String PR_AUC = "osprey.trainer.pr.auc";
  public static final String ROC_AUC = "osprey.trainer.roc.auc";
  public static final String LOG_LOSS = "osprey.trainer.log.loss";
  public static final String PRECISION_AT_BUDGET = "osprey.trainer.precision.at.budget";
  public static final String RECALL_AT_BUDGET = "osprey.trainer.recall.at.budget";
  public static final String GATE = "osprey.trainer.gate";
  public static final String TRIGGERS = "osprey.trainer.publication.triggers";

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter trained;
  private final Map<ExampleIntake.Reason, Counter> setAside =
      new EnumMap<>(ExampleIntake.Reason.class);
  private final Counter alreadyLearned;
  private final Counter batches;
  private final Timer batchLatency;
  private final Counter published;
  private final Counter publicationFailures;
  private final Counter heldOut;
  private final Counter rolledBack;
  private final Counter discarded;
  private final Map<PublishPolicy.Trigger, Counter> triggers =
      new EnumMap<>(PublishPolicy.Trigger.class);
  private volatile EvaluationSnapshot evaluation = EvaluationSnapshot.EMPTY;
  private volatile double publishedVersion = Double.NaN;

  public TrainerMetrics(MeterRegistry registry, String modelName) {
    this.registry = registry;
    Tags model = Tags.of("model", modelName);
    trained = examples(model, "trained");
    for (ExampleIntake.Reason reason : ExampleIntake.Reason.values()) {
      setAside.put(reason, examples(model, reason.outcome()));
    }
    heldOut = examples(model, "held_out");
    alreadyLearned = examples(model, "already_learned");
    rolledBack =
        counter(GATE, "Gate outcomes other than a publication.", model.and("outcome", "rollback"));
    discarded =
        counter(GATE, "Gate outcomes other than a publication.", model.and("outcome", "discarded"));
    for (PublishPolicy.Trigger trigger : PublishPolicy.Trigger.values()) {
      triggers.put(
          trigger,
          counter(
              TRIGGERS,
              "Publications (or discarded candidates) by the trigger that made them due.",
              model.and("trigger", trigger.name().toLowerCase(java.util.Locale.ROOT))));
    }
    batches = counter(BATCHES, "Mini-batches evaluated and trained.", model);
    batchLatency =
        register(
            Timer.builder(BATCH_LATENCY)
                .description("Time to evaluate and train one mini-batch.")
                .tags(model)
                .publishPercentileHistogram(false)
                .register(registry));
    published = counter(PUBLICATIONS, "Model publications, by result.", model.and("result", "ok"));
    publicationFailures =
        counter(PUBLICATIONS, "Model publications, by result.", model.and("result", "failed"));
    gauge(
        PUBLISHED_VERSION,
        "Latest model version on the models topic.",
        model,
        m -> m.publishedVersion);
    for (String window : List.of("recent", "since_start")) {
      Tags tags = model.and("window", window);
      boolean recent = window.equals("recent");
      gauge(
          PRECISION,
          "Prequential precision at the threshold.",
          tags,
          m -> (recent ? m.evaluation.recent() : m.evaluation.sinceStart()).precision());
      gauge(
          RECALL,
          "Prequential recall at the threshold.",
          tags,
          m -> (recent ? m.evaluation.recent() : m.evaluation.sinceStart()).recall());
      gauge(
          F1,
          "Prequential F1 at the threshold.",
          tags,
          m -> (recent ? m.evaluation.recent() : m.evaluation.sinceStart()).f1());
      rankingGauge(PR_AUC, "Prequential PR-AUC (average precision).", tags, recent, r -> r.prAuc());
      rankingGauge(ROC_AUC, "Prequential ROC-AUC.", tags, recent, r -> r.rocAuc());
      rankingGauge(LOG_LOSS, "Prequential log-loss.", tags, recent, r -> r.logLoss());
      rankingGauge(
          PRECISION_AT_BUDGET,
          "Prequential precision among the top alert-budget fraction of scores.",
          tags,
          recent,
          r -> r.precisionAtBudget());
      rankingGauge(
          RECALL_AT_BUDGET,
          "Prequential recall of the top alert-budget fraction of scores.",
          tags,
          recent,
          r -> r.recallAtBudget());
    }
  }

  public void batchTrained(int examples, long nanos) {
    trained.increment(examples);
    batches.increment();
    batchLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void heldOut(int examples) {
    heldOut.increment(examples);
  }

  public void due(PublishPolicy.Trigger trigger) {
    triggers.get(trigger).increment();
  }

  public void rolledBack() {
    rolledBack.increment();
  }

  public void discarded() {
    discarded.increment();
  }

  /** An example the intake could not use; its reason is the {@code outcome} tag. */
  void setAside(ExampleIntake.Reason reason) {
    setAside.get(reason).increment();
  }

  /** An example the resumed model learned in its lake bootstrap, skipped. */
  public void alreadyLearned() {
    alreadyLearned.increment();
  }

  public void evaluation(EvaluationSnapshot snapshot) {
    evaluation = snapshot;
  }

  public void published(long version) {
    publishedVersion = version;
    published.increment();
  }

  /** The version found on the models topic at start, before this trainer published any. */
  public void resumedAt(long version) {
    publishedVersion = version;
  }

  public void publicationFailed() {
    publicationFailures.increment();
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private Counter examples(Tags model, String outcome) {
    return counter(
        EXAMPLES, "Training examples consumed, by outcome.", model.and("outcome", outcome));
  }

  private Counter counter(String name, String description, Tags tags) {
    return register(Counter.builder(name).description(description).tags(tags).register(registry));
  }

  private void gauge(
      String name, String description, Tags tags, ToDoubleFunction<TrainerMetrics> value) {
    register(
        Gauge.builder(name, this, value).description(description).tags(tags).register(registry));
  }

  private void rankingGauge(
      String name,
      String description,
      Tags tags,
      boolean recent,
      ToDoubleFunction<RankingMetrics> figure) {
    gauge(
        name,
        description,
        tags,
        m ->
            figure.applyAsDouble(
                recent ? m.evaluation.recentRanking() : m.evaluation.sinceStartRanking()));
  }

  private <M extends Meter> M register(M meter) {
    meters.add(meter);
    return meter;
  }
}
