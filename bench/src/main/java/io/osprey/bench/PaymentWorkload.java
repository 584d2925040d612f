package io.osprey.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.topic.Topic;
import io.osprey.sources.simulator.TransactionGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Simulated card payments as JSON on {@code transactions}. Results are recognised by the event id
 * they carry: the {@code eventId} field of a JSON value (a prediction, or the payment itself copied
 * through by a pass-through), or that of a {@link FeatureVector} when the ingest job is measured
 * alone.
 */
final class PaymentWorkload implements Workload {
  /** Cards the payments are spread over. */
  static final int CARDS = 50_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Function<byte[], String> JSON_EVENT_ID = PaymentWorkload::jsonEventId;

  private final TransactionGenerator generator;
  private final NumberedIds eventIds;
  private final JsonCodec<Transaction> json = JsonCodec.of(Transaction.class);
  private final Function<byte[], String> eventIdOfResult;

  private PaymentWorkload(long seed, String runId, Function<byte[], String> eventIdOfResult) {
    this.generator = new TransactionGenerator(seed, CARDS, 0.004, 0, runId);
    this.eventIds = new NumberedIds("pay-" + runId + "-", 12);
    this.eventIdOfResult = eventIdOfResult;
  }

  /** Results are JSON with an {@code eventId} field (predictions, or copied payments). */
  static PaymentWorkload jsonResults(long seed, String runId) {
    return new PaymentWorkload(seed, runId, JSON_EVENT_ID);
  }

  /** Results are the ingest job's feature vectors. */
  static PaymentWorkload featureVectorResults(
      long seed, String runId, Topic<String, FeatureVector> features) {
    return new PaymentWorkload(seed, runId, bytes -> vectorEventId(features, bytes));
  }

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, long number) {
    Transaction transaction = generator.next(System.currentTimeMillis()).transaction();
    transaction.setEventId(eventIds.id(number));
    return new ProducerRecord<>(
        topic, transaction.getCardId().getBytes(StandardCharsets.UTF_8), json.encode(transaction));
  }

  @Override
  public long numberOf(ConsumerRecord<byte[], byte[]> result) {
    String id = eventIdOfResult.apply(result.value());
    return id == null ? -1 : eventIds.numberOf(id);
  }

  /**
   * Reads a JSON result once for both its event id and its stage times; a feature vector result
   * carries no stage times the driver reads.
   */
  @Override
  public Answer answerOf(ConsumerRecord<byte[], byte[]> result) {
    if (eventIdOfResult != JSON_EVENT_ID) {
      return new Answer(numberOf(result), null);
    }
    JsonNode node = json(result.value());
    JsonNode id = node == null ? null : node.get("eventId");
    long number = id == null ? -1 : eventIds.numberOf(id.asText());
    return new Answer(number, number < 0 ? null : StageStamps.of(result, node));
  }

  private static String jsonEventId(byte[] value) {
    JsonNode node = json(value);
    JsonNode id = node == null ? null : node.get("eventId");
    return id == null ? null : id.asText();
  }

  private static JsonNode json(byte[] value) {
    try {
      return value == null ? null : JSON.readTree(value);
    } catch (IOException e) {
      return null;
    }
  }

  private static String vectorEventId(Topic<String, FeatureVector> features, byte[] value) {
    try {
      return features.deserializeValue(value).getEventId();
    } catch (RuntimeException e) { // not a feature vector: not one of ours
      return null;
    }
  }
}
