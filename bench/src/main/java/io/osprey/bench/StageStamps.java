package io.osprey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The wall-clock times (epoch ms) a result carries of its event's way through a pipeline.
 *
 * <p>Osprey's prediction carries {@code ingestTime} (the Kafka timestamp of the payment), {@code
 * featureTime} (when its features were computed) and {@code scoredTime} in its JSON; the time the
 * features record was sent is the prediction's own Kafka timestamp, because the scorer forwards the
 * timestamp of the record it scored and the ingest sink lets the producer stamp the send time. The
 * baseline copies payments, which carry none of these, so its identity jobs put the same times into
 * Kafka headers named after the JSON fields ({@link #INGEST_HEADER} ...).
 *
 * @param ingest epoch ms the pipeline took as the event's ingest time
 * @param feature epoch ms its features (or the baseline's copy) were made
 * @param featureOut epoch ms the features record was sent to Kafka
 * @param scored epoch ms it was scored (or copied by the baseline's Kafka Streams job)
 */
record StageStamps(long ingest, long feature, long featureOut, long scored) {
  static final String INGEST_HEADER = "ingestTime";
  static final String FEATURE_HEADER = "featureTime";
  static final String SCORED_HEADER = "scoredTime";

  /** The stamps of {@code result} whose value is {@code json}, or null when it has none. */
  static StageStamps of(ConsumerRecord<byte[], byte[]> result, JsonNode json) {
    long featureOut = result.timestamp();
    if (json != null && json.has(SCORED_HEADER)) {
      return new StageStamps(
          json.path(INGEST_HEADER).asLong(),
          json.path(FEATURE_HEADER).asLong(),
          featureOut,
          json.path(SCORED_HEADER).asLong());
    }
    long ingest = header(result, INGEST_HEADER);
    long feature = header(result, FEATURE_HEADER);
    long scored = header(result, SCORED_HEADER);
    return ingest < 0 || feature < 0 || scored < 0
        ? null
        : new StageStamps(ingest, feature, featureOut, scored);
  }

  /** A header holding epoch ms as decimal text. */
  static byte[] headerValue(long epochMillis) {
    return Long.toString(epochMillis).getBytes(StandardCharsets.US_ASCII);
  }

  private static long header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The time spent in each stage, in µs (never negative: the stamps have ms precision, so a stage
   * shorter than the rounding shows as 0).
   *
   * @param sentEpochMicros when the event was handed to the producer
   * @param arrivedEpochMicros when its result reached the consumer
   */
  Map<Stage, Long> micros(long sentEpochMicros, long arrivedEpochMicros) {
    Map<Stage, Long> micros = new EnumMap<>(Stage.class);
    micros.put(Stage.PRODUCER_TO_INGEST, ingest * 1000 - sentEpochMicros);
    micros.put(Stage.INGEST_TO_FEATURE, (feature - ingest) * 1000);
    micros.put(Stage.FEATURE_TO_FEATURE_OUT, (featureOut - feature) * 1000);
    micros.put(Stage.FEATURE_OUT_TO_SCORED, (scored - featureOut) * 1000);
    micros.put(Stage.SCORED_TO_CONSUMER, arrivedEpochMicros - scored * 1000);
    micros.replaceAll((stage, us) -> Math.max(0, us));
    return micros;
  }
}
