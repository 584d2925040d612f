package io.osprey.ingest.kafka;

import io.osprey.ingest.IngestSettings;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.OspreyTopics;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The {@code monitoring} alert that stands in for an output record too large to send. */
final class OversizeAlert {
  static final String METRIC = "ingest.sink.record.too.large";

  private OversizeAlert() {}

  static ProducerRecord<byte[], byte[]> record(
      OspreyTopics topics, String sink, String what, long size, int limit) {
    MonitoringEvent alert =
        MonitoringEvent.newBuilder()
            .setKind("alert")
            .setComponent("stream-ingest")
            .setMetric(METRIC)
            .setValue(size)
            .setSeverity("CRITICAL")
            .setDetail(
                sink
                    + ": "
                    + what
                    + " is "
                    + size
                    + " bytes, over "
                    + IngestSettings.SINK_MAX_RECORD_BYTES.key()
                    + "="
                    + limit
                    + "; not written")
            .setTime(System.currentTimeMillis())
            .build();
    return new ProducerRecord<>(
        topics.monitoring().name(),
        topics.monitoring().serializeKey(METRIC),
        topics.monitoring().serializeValue(alert));
  }

  /** At most 64 characters of {@code text}, for naming a record by an id of any length. */
  static String shortened(String text) {
    if (text == null) {
      return "null";
    }
    return text.length() <= 64 ? text : text.substring(0, 64) + "... (" + text.length() + " chars)";
  }
}
