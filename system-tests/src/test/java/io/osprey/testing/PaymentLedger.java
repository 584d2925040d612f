package io.osprey.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.Prediction;
import io.osprey.schema.topic.OspreyTopics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the chaos tests check after their kills: each payment sent on {@code transactions} (JSON, by
 * event id and source offset) against what came of it: the decisions of its predictions (read
 * committed, as a consumer of {@code predictions} sees them) or a dead letter naming its offset.
 * {@link #read} takes what arrived since the last call, so a test can poll until nothing is {@link
 * #unaccounted}.
 */
public final class PaymentLedger {
  private static final OspreyTopics TOPICS = OspreyTopics.withPrefix("");

  private final Map<String, String> payments = new HashMap<>(); // event id -> partition@offset
  private final Map<String, Set<String>> decisions = new HashMap<>();
  private final Set<String> deadLettered = new HashSet<>(); // partition@offset
  private TopicReader predictions;
  private TopicReader deadLetters;
  private long predictionCount;

  /** A ledger of the payments in {@code transactions}, records of the unprefixed topic. */
  public PaymentLedger(List<ConsumerRecord<byte[], byte[]>> transactions) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    for (ConsumerRecord<byte[], byte[]> record : transactions) {
      payments.put(
          mapper.readTree(record.value()).get("eventId").asText(),
          record.partition() + "@" + record.offset());
    }
  }

  /** Reads the predictions and dead letters appended since the previous call. */
  public void read(KafkaClients kafka) {
    if (predictions == null) {
      predictions = new TopicReader(kafka, TOPICS.predictions().name());
      deadLetters = new TopicReader(kafka, TOPICS.deadLetters().name());
    }
    for (ConsumerRecord<byte[], byte[]> record : predictions.readNew()) {
      Prediction prediction = TOPICS.predictions().deserializeValue(record.value());
      predictionCount++;
      decisions
          .computeIfAbsent(prediction.getEventId(), id -> new HashSet<>())
          .add(prediction.getDecision());
    }
    for (ConsumerRecord<byte[], byte[]> record : deadLetters.readNew()) {
      DeadLetter letter = TOPICS.deadLetters().deserializeValue(record.value());
      if (letter.getSourceTopic().equals(TOPICS.transactions().name())) {
        deadLettered.add(letter.getSourcePartition() + "@" + letter.getSourceOffset());
      }
    }
  }

  /** Payments sent. */
  public int payments() {
    return payments.size();
  }

  /** Predictions read, whatever event they score (a probe's too). */
  public long predictionCount() {
    return predictionCount;
  }

  /** Predictions beyond the first of their event: events scored again after a restart. */
  public long rescored() {
    return predictionCount - decisions.size();
  }

  /** Dead letters of {@code transactions} records. */
  public int deadLettered() {
    return deadLettered.size();
  }

  /** Payments with neither a prediction nor a dead letter, event id to partition@offset. */
  public Map<String, String> unaccounted() {
    Map<String, String> missing = new TreeMap<>();
    payments.forEach(
        (eventId, offset) -> {
          if (!decisions.containsKey(eventId) && !deadLettered.contains(offset)) {
            missing.put(eventId, offset);
          }
        });
    return missing;
  }

  /** Events whose predictions carry more than one decision, with those decisions. */
  public Map<String, Set<String>> conflicting() {
    Map<String, Set<String>> twice = new TreeMap<>();
    decisions.forEach(
        (eventId, seen) -> {
          if (seen.size() > 1) {
            twice.put(eventId, seen);
          }
        });
    return twice;
  }

  /** The model versions on {@code models}, in the order they were published. */
  public static List<Long> modelVersions(KafkaClients kafka) {
    List<Long> versions = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record :
        TopicReader.readAll(kafka, TOPICS.models().name())) {
      if (record.value() != null) {
        ModelEnvelope envelope = TOPICS.models().deserializeValue(record.value());
        versions.add(envelope.getVersion());
      }
    }
    return versions;
  }
}
