package io.osprey.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.deploy.simulator.TransactionGenerator;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Simulated card payments as JSON on {@code transactions}, for the whole-system benchmark. Results
 * are recognised by the {@code eventId} field of their JSON value, so the same workload measures
 * Osprey (predictions) and the pass-through baseline (the payment itself, copied through).
 */
final class PaymentWorkload implements Workload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TransactionGenerator generator;
  private final NumberedIds eventIds;
  private final JsonCodec<Transaction> json = JsonCodec.of(Transaction.class);

  PaymentWorkload(long seed, String runId) {
    this.generator = new TransactionGenerator(seed, 50_000, 0.004, 0, runId);
    this.eventIds = new NumberedIds("pay-" + runId + "-", 12);
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
    try {
      JsonNode node = JSON.readTree(result.value());
      JsonNode id = node == null ? null : node.get("eventId");
      return id == null ? -1 : eventIds.numberOf(id.asText());
    } catch (IOException e) {
      return -1;
    }
  }
}
