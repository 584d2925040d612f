package io.osprey.scoring;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Skips an input record that cannot be deserialized and counts it (Kafka Streams itself logs the
 * skip with topic, partition, offset and cause). The default, log-and-fail, would stop every stream
 * thread on one bad record and stop again after each restart, since the offset is never committed
 * past it: for a scorer, one unscored event is far cheaper than scoring none. Upstream ingest
 * validates what it writes, so skips should stay near zero; {@code
 * osprey.scoring.deserialization.errors} is the thing to alert on. (Kafka 4.2 could also copy the
 * raw record to a dead-letter topic through {@code errors.dead.letter.queue.topic.name}; not wired
 * yet.)
 *
 * <p>Kafka Streams instantiates the handler by class name; the metrics arrive through the config
 * map under {@link #METRICS_CONFIG} (absent, it only logs).
 */
public final class CountingDeserializationHandler implements DeserializationExceptionHandler {
  /** Config key whose value is the {@link ScoringMetrics} instance to count on. */
  public static final String METRICS_CONFIG = "osprey.scoring.metrics";

  private ScoringMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(METRICS_CONFIG) instanceof ScoringMetrics configured) {
      metrics = configured;
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (metrics != null) {
      metrics.deserializationError(record.topic());
    }
    return Response.resume();
  }
}
