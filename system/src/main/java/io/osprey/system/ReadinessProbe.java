package io.osprey.system;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.Prediction;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.features.FeatureLayout;
import io.osprey.schema.features.FeatureSpec;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Proves the pipeline is live before load starts: one warm-up record ({@code osprey-warmup-*}) goes
 * through and the probe waits for its prediction. Without it the simulator's first seconds queue up
 * behind Flink task deployment and JIT warm-up and every status line of a short demo reports that
 * backlog rather than the system's latency.
 *
 * <p>With the built-in payments spec on the processing clock the record is a real payment, through
 * ingest and scoring (on the event clock its keyed features would wait for a watermark that one
 * record never moves, so it gets the vector of zeros below). Any other spec's events are the
 * user's, and no valid one can be made up from its rules (a field may have to match a pattern), so
 * the probe sends a feature vector of zeros stamped with the spec's hash straight to {@code
 * features}: it proves the scorer live, and the Flink job is already running by then ({@link
 * EmbeddedFlink#awaitRunning}).
 *
 * <p>The record is stamped by the event clock of whatever sends the stream: with the simulator, its
 * {@code SimulatedClock}, so the warm-up is the oldest event of the run and not, stamped with the
 * wall clock, an event about 12 hours ahead of every simulated one (it then became the lake's
 * newest training example, and a drift retrain's window "before the newest example" held only it).
 *
 * <p>After a restart the warm-up record may queue behind a backlog; predictions of that backlog
 * flowing count as live too ({@link ReadinessWatch}).
 */
final class ReadinessProbe {
  private static final String WARMUP_ENTITY = "osprey-warmup";

  private ReadinessProbe() {}

  /** How long closing the probe's clients may take; their work is done by then. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** How the system was found live, for the log. */
  record Live(Duration after, boolean warmupScored, long predictionsSeen) {}

  /**
   * Sends one warm-up record for {@code spec} and waits until the system is live (see {@link
   * ReadinessWatch}): its prediction arrived, or predictions of a backlog kept arriving for {@code
   * sustained}. Fails once no prediction at all has come for {@code stall}. The record is sent by
   * {@code writer} (a producer of payments) and predictions read by {@code reader}: on a secured
   * cluster, two users with different rights.
   */
  static Live awaitLive(
      KafkaClients writer,
      KafkaClients reader,
      OspreyTopics topics,
      FeatureSpec spec,
      boolean ingestAnswersAtOnce,
      LongSupplier eventClock,
      Duration sustained,
      Duration stall) {
    String eventId = "osprey-warmup-" + UUID.randomUUID();
    long start = System.nanoTime();
    ReadinessWatch watch = new ReadinessWatch(sustained, stall, start);
    KafkaConsumer<byte[], byte[]> consumer = consumer(reader);
    KafkaProducer<String, byte[]> producer = producer(writer);
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topics.predictions().name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      producer.send(
          warmupRecord(topics, spec, ingestAnswersAtOnce, eventId, eventClock.getAsLong()));
      producer.flush();
      while (true) {
        int seen = 0;
        boolean warmup = false;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          seen++;
          warmup |= isPredictionOf(topics, record, eventId);
        }
        long now = System.nanoTime();
        watch.predictionsSeen(now, seen, warmup);
        switch (watch.verdict(now)) {
          case LIVE:
            return new Live(
                Duration.ofNanos(now - start), watch.warmupScored(), watch.predictions());
          case STALLED:
            throw new IllegalStateException(
                "no prediction for " + stall + " (the warm-up record's or any other); see the log");
          default:
            break;
        }
      }
    } finally {
      producer.close(CLOSE_TIMEOUT);
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
  }

  private static boolean isPredictionOf(
      OspreyTopics topics, ConsumerRecord<byte[], byte[]> record, String eventId) {
    try {
      Prediction prediction = topics.predictions().deserializeValue(record.value());
      return prediction.getEventId().equals(eventId);
    } catch (SerializationException e) {
      return false; // someone else's unreadable record is not the probe's business
    }
  }

  /**
   * The warm-up record: a payment, or a vector of zeros on {@code features}, at {@code eventTime}.
   */
  static ProducerRecord<String, byte[]> warmupRecord(
      OspreyTopics topics,
      FeatureSpec spec,
      boolean ingestAnswersAtOnce,
      String eventId,
      long eventTime) {
    // A real payment only while ingest answers it at once: on the event clock a vector with keyed
    // features waits for the watermark to pass it, which a lone record never moves (the built-in
    // spec has keyed features since issue 13; a quality run replays on the event clock).
    if (spec.hash().equals(FeatureLayout.PAYMENTS.specHash()) && ingestAnswersAtOnce) {
      return new ProducerRecord<>(
          topics.transactions().name(), WARMUP_ENTITY, warmupPayment(eventId, eventTime));
    }
    long now = System.currentTimeMillis();
    FeatureVector zeros =
        FeatureVector.newBuilder()
            .setEventId(eventId)
            .setEntityId(WARMUP_ENTITY)
            .setEventTime(eventTime)
            .setSpecHash(spec.hash())
            .setValues(Collections.nCopies(spec.layout().size(), 0.0))
            .setIngestTime(now)
            .setFeatureTime(now)
            .build();
    return new ProducerRecord<>(
        topics.features().name(), WARMUP_ENTITY, topics.features().serializeValue(zeros));
  }

  private static byte[] warmupPayment(String eventId, long eventTime) {
    return JsonCodec.of(Transaction.class)
        .encode(
            Transaction.newBuilder()
                .setEventId(eventId)
                .setCardId(WARMUP_ENTITY)
                .setMerchantId("osprey")
                .setMerchantCategory("5999")
                .setAmount(1.0)
                .setCurrency("EUR")
                .setCountry("DE")
                .setChannel("POS")
                .setEventTime(eventTime)
                .build());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaClients kafka) {
    return new KafkaConsumer<>(
        kafka.reader("osprey-readiness"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static KafkaProducer<String, byte[]> producer(KafkaClients kafka) {
    return new KafkaProducer<>(
        kafka.producer("osprey-readiness"), new StringSerializer(), new ByteArraySerializer());
  }
}
