package io.osprey.trainer;

import io.osprey.schema.MonitoringEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code monitoring} events the trainer emits with each publication. */
final class TrainerMonitoring {
  static final String COMPONENT = "online-trainer";
  static final String KIND_METRIC = "metric";

  private TrainerMonitoring() {}

  /**
   * Prequential precision, recall and F1 of the recent window (over its event-time range) and since
   * start, for {@code modelVersion}. Metric names are the keys on the topic, so the latest value of
   * each stays easy to find.
   */
  static List<MonitoringEvent> atPublication(
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
            "model=%s prequential threshold=%.3f recent examples=%d since-start examples=%d",
            modelName,
            threshold,
            recent.total(),
            all.total());
    events.add(event("trainer.precision", recent.precision(), from, to, modelVersion, detail, now));
    events.add(event("trainer.recall", recent.recall(), from, to, modelVersion, detail, now));
    events.add(event("trainer.f1", recent.f1(), from, to, modelVersion, detail, now));
    events.add(
        event(
            "trainer.precision.since_start",
            all.precision(),
            null,
            null,
            modelVersion,
            detail,
            now));
    events.add(
        event("trainer.recall.since_start", all.recall(), null, null, modelVersion, detail, now));
    events.add(event("trainer.f1.since_start", all.f1(), null, null, modelVersion, detail, now));
    return events;
  }

  private static MonitoringEvent event(
      String metric, double value, Long from, Long to, long version, String detail, long now) {
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
