package io.osprey.console;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.Label;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes verdicts to {@code labels} through the normal producer path: an idempotent producer from
 * {@link KafkaClients}, keyed by event id, the JSON a labelling client sends (the ingest job
 * validates and joins it like any other label).
 */
final class KafkaLabelWriter implements LabelWriter {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
  private static final EdgeCodec<Label> JSON = EdgeCodec.of(Label.class, WireFormat.JSON);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  KafkaLabelWriter(KafkaClients kafka, OspreyTopics topics) {
    this.producer =
        new KafkaProducer<>(
            kafka.idempotentProducer("osprey-console-labels"),
            new StringSerializer(),
            new ByteArraySerializer());
    this.topic = topics.labels().name();
  }

  @Override
  public void write(String eventId, boolean fraud, long labelTime) throws Exception {
    Label label =
        Label.newBuilder()
            .setEventId(eventId)
            .setFraud(fraud)
            .setLabelTime(labelTime)
            .setSource(SOURCE)
            .build();
    producer
        .send(new ProducerRecord<>(topic, eventId, JSON.encode(label)))
        .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
