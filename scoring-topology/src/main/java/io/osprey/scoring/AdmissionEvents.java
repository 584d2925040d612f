package io.osprey.scoring;

import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;

/** The monitoring events of the model lifecycle, keyed on the topic by {@code metric}. */
final class AdmissionEvents {
  static final String COMPONENT = "scoring-topology";
  static final String KIND = "model";
  static final String REFUSED = "model.refused";
  static final String ACCEPTED = "model.accepted";

  private AdmissionEvents() {}

  static MonitoringEvent refused(ModelEnvelope envelope, String reason, String instance, long now) {
    return event(
        REFUSED, "WARN", envelope, reason + " [" + describe(envelope, instance) + "]", now);
  }

  static MonitoringEvent accepted(ModelEnvelope envelope, String instance, long now) {
    return event(ACCEPTED, "INFO", envelope, "serving " + describe(envelope, instance), now);
  }

  private static String describe(ModelEnvelope envelope, String instance) {
    return envelope.getName() + " v" + envelope.getVersion() + " on " + instance;
  }

  private static MonitoringEvent event(
      String metric, String severity, ModelEnvelope envelope, String detail, long now) {
    return MonitoringEvent.newBuilder()
        .setKind(KIND)
        .setComponent(COMPONENT)
        .setMetric(metric)
        .setValue(envelope.getVersion())
        .setModelVersion(envelope.getVersion())
        .setSeverity(severity)
        .setDetail(detail)
        .setTime(now)
        .build();
  }
}
