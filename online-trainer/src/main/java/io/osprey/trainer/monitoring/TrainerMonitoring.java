package io.osprey.trainer.monitoring;

import io.osprey.model.evaluation.ConfusionMatrix;
import io.osprey.model.evaluation.RankingMetrics;
import io.osprey.schema.MonitoringEvent;
import io.osprey.trainer.intake.ExampleIntake;
import io.osprey.trainer.learning.EvaluationSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code monitoring} events the trainer emits with each publication. */
public final class TrainerMonitoring {
  public static final String COMPONENT = "online-trainer";
  public static final String KIND_METRIC = "metric";
  public static final String KIND_ALERT = "alert";
  public static final String KIND_MODEL = "model";

  /** Prefix of the network's prequential figures. */
  public static final String MODEL_PREFIX = "trainer.";

  /** Prefix of the logistic-regression baseline's, evaluated on the same examples. */
  public static final String BASELINE_PREFIX = "baseline.logreg.";

  /** Metric of an example set aside at intake; its value is the record's offset. */
  public static final String SET_ASIDE = "trainer.example.set_aside";

  /** How many set-aside examples are listed one by one with a publication; the rest are counted. */
  public static final int SET_ASIDE_EVENTS_PER_PUBLICATION = 20;

  private TrainerMonitoring() {}

  /**
   * A training example the trainer could not use ({@link ExampleIntake}): a warning whose value is
   * the record's offset and whose detail names topic, partition, offset and reason.
   */
  public static MonitoringEvent setAside(String modelName, long offset, String detail, long now) {
    return MonitoringEvent.newBuilder(
            event(SET_ASIDE, offset, null, null, null, "model=" + modelName + " " + detail, now))
        .setKind(KIND_ALERT)
        .setSeverity("WARN")
        .build();
  }

  /** How many more were set aside since the last publication than were listed. */
  public static MonitoringEvent setAsideNotListed(String modelName, long count, long now) {
    return MonitoringEvent.newBuilder(
            event(
                SET_ASIDE + ".not_listed",
                count,
                null,
                null,
                null,
                "model=" + modelName + " " + count + " more training example(s) set aside",
                now))
        .setKind(KIND_ALERT)
        .setSeverity("WARN")
        .build();
  }

  /**
   * Prequential precision, recall and F1 of the recent window (over its event-time range) and since
   * start, for {@code modelVersion}. Metric names are the keys on the topic, so the latest value of
   * each stays easy to find.
   */
  public static List<MonitoringEvent> atPublication(
      String modelName,
      long modelVersion,
      EvaluationSnapshot evaluation,
      double threshold,
      long now) {
    return atPublication(MODEL_PREFIX, modelName, modelVersion, evaluation, threshold, now);
  }

  /**
   * The same figures for the logistic-regression baseline, named {@code baseline.logreg.*}, sent
   * with the publication of {@code modelVersion} so the two can be read side by side.
   */
  public static List<MonitoringEvent> baselineAtPublication(
      String modelName,
      long modelVersion,
      EvaluationSnapshot evaluation,
      double threshold,
      long now) {
    return atPublication(BASELINE_PREFIX, modelName, modelVersion, evaluation, threshold, now);
  }

  private static List<MonitoringEvent> atPublication(
      String prefix,
      String modelName,
      long modelVersion,
      EvaluationSnapshot evaluation,
      double threshold,
      long now) {
    List<MonitoringEvent> events = new ArrayList<>();
    ConfusionMatrix recent = evaluation.recent();
    ConfusionMatrix all = evaluation.sinceStart();
    boolean windowKnown = recent.total() > 0;
    Long from = windowKnown ? evaluation.windowFromEventTime() : null;
    Long to = windowKnown ? evaluation.windowToEventTime() : null;
    String detail =
        String.format(
            Locale.ROOT,
            "model=%s %sprequential threshold=%.4f alert-budget=%.4f recent examples=%d"
                + " since-start examples=%d",
            modelName,
            prefix.equals(BASELINE_PREFIX) ? "logistic-regression baseline " : "",
            threshold,
            evaluation.alertBudget(),
            recent.total(),
            all.total());
    Long version = modelVersion;
    addWindow(
        events, prefix, "", recent, evaluation.recentRanking(), from, to, version, detail, now);
    addWindow(
        events,
        prefix,
        ".since_start",
        all,
        evaluation.sinceStartRanking(),
        null,
        null,
        version,
        detail,
        now);
    return events;
  }

  /**
   * The figures of one view; names are {@code <prefix><figure><suffix>}. Undefined ranking figures
   * (NaN: no frauds yet) are not sent.
   */
  private static void addWindow(
      List<MonitoringEvent> events,
      String prefix,
      String suffix,
      ConfusionMatrix matrix,
      RankingMetrics ranking,
      Long from,
      Long to,
      Long version,
      String detail,
      long now) {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("precision", matrix.precision());
    figures.put("recall", matrix.recall());
    figures.put("f1", matrix.f1());
    figures.put("pr_auc", ranking.prAuc());
    figures.put("roc_auc", ranking.rocAuc());
    figures.put("log_loss", ranking.logLoss());
    figures.put("precision_at_budget", ranking.precisionAtBudget());
    figures.put("recall_at_budget", ranking.recallAtBudget());
    figures.forEach(
        (name, value) -> {
          if (Double.isFinite(value)) {
            events.add(event(prefix + name + suffix, value, from, to, version, detail, now));
          }
        });
  }

  /** An alert about a model (rollback, refused promotion), keyed by {@code metric}. */
  public static MonitoringEvent alert(
      String metric, double value, long modelVersion, String severity, String detail, long now) {
    return MonitoringEvent.newBuilder(event(metric, value, null, null, modelVersion, detail, now))
        .setKind(KIND_ALERT)
        .setSeverity(severity)
        .build();
  }

  /** A model lifecycle event (promotion, challenger), keyed by {@code metric}. */
  public static MonitoringEvent model(
      String metric, double value, long modelVersion, String detail, long now) {
    return MonitoringEvent.newBuilder(event(metric, value, null, null, modelVersion, detail, now))
        .setKind(KIND_MODEL)
        .build();
  }

  private static MonitoringEvent event(
      String metric, double value, Long from, Long to, Long version, String detail, long now) {
    return MonitoringEvent.newBuilder()
        .setKind(KIND_METRIC)
        .setComponent(COMPONENT)
        .setMetric(metric)
        .setValue(value)
        .setWindowStart(from)
        .setWindowEnd(to)
        .setModelVersion(version)
        .setSeverity("INFO")
        .setDetail(detail)
        .setTime(now)
        .build();
  }
}
