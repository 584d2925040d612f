package io.osprey.bench;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Feature vectors for the scoring topology alone, in the {@code features} topic's real format (Avro
 * single-object encoding through the topic's own serde), keyed by entity like ingest writes them.
 *
 * <p>Encoding is paid once: each vector of the {@link FeaturePool} is encoded as a template with
 * fixed-width event and entity ids, and event {@code n} is that template's copy with the digits of
 * its ids overwritten. So the driver spends almost nothing per event and leaves the cores to the
 * system it measures. Event ids cycle through the pool's vectors; entities through {@value
 * #ENTITIES} cards. Results are predictions, keyed by event id, so they are recognised by their key
 * without decoding the value.
 */
final class FeatureWorkload implements Workload {
  static final int ENTITIES = 100_000;

  private final NumberedIds eventIds;
  private final NumberedIds entityIds = new NumberedIds("card-", 6);
  private final byte[][] templates;
  private final int[] eventDigits;
  private final int[] entityDigits;

  /**
   * @param runId keeps this run's event ids apart from any other's on the same topics
   * @param eventTime the event, ingest and feature time every vector carries
   */
  FeatureWorkload(
      FeaturePool pool, Topic<String, FeatureVector> features, String runId, long eventTime) {
    this.eventIds = new NumberedIds("e-" + runId + "-", 12);
    this.templates = new byte[pool.size()][];
    this.eventDigits = new int[pool.size()];
    this.entityDigits = new int[pool.size()];
    String eventId = eventIds.id(0);
    String entityId = entityIds.id(0);
    for (int i = 0; i < pool.size(); i++) {
      FeatureVector vector =
          FeatureVector.newBuilder()
              .setEventId(eventId)
              .setEntityId(entityId)
              .setEventTime(eventTime)
              .setSpecHash(pool.layout().specHash())
              .setValues(Arrays.stream(pool.row(i)).boxed().toList())
              .setIngestTime(eventTime)
              .setFeatureTime(eventTime)
              .build();
      templates[i] = features.serializeValue(vector);
      eventDigits[i] = digitsAt(templates[i], eventId, eventIds);
      entityDigits[i] = digitsAt(templates[i], entityId, entityIds);
    }
  }

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, long number) {
    int template = (int) (number % templates.length);
    long entity = number % ENTITIES;
    byte[] value = templates[template].clone();
    eventIds.writeDigits(number, value, eventDigits[template]);
    entityIds.writeDigits(entity, value, entityDigits[template]);
    return new ProducerRecord<>(topic, entityIds.bytes(entity), value);
  }

  @Override
  public long numberOf(ConsumerRecord<byte[], byte[]> result) {
    return eventIds.numberOf(result.key());
  }

  /** Where the digits of {@code id} start in {@code encoded}: Avro writes strings verbatim. */
  private static int digitsAt(byte[] encoded, String id, NumberedIds ids) {
    byte[] wanted = id.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + wanted.length <= encoded.length; at++) {
      if (Arrays.equals(encoded, at, at + wanted.length, wanted, 0, wanted.length)) {
        return at + ids.digitsOffset();
      }
    }
    throw new IllegalStateException("id " + id + " not found in its encoded vector");
  }
}
