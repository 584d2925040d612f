package io.osprey.sources.replay;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.Label;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.schema.topic.OspreyTopics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to {@code transactions} (keyed by entity) and labels to {@code labels} (keyed by
 * event id, JSON through the {@link Label} contract), as any external producer would. Idempotent
 * with acks=all, so a retry neither loses nor duplicates a record and each partition keeps the
 * order records were sent in; Kafka timestamps are the time of sending, not the event time (a 2001
 * timestamp would make the broker delete the data at once under time retention).
 */
final class ReplayProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayProducer.class);

  private final KafkaProducer<String, byte[]> producer;
  private final OspreyTopics topics;
  private final String source;
  private final ReplayCounters counters;
  private final JsonCodec<Label> labelJson = JsonCodec.of(Label.class);
  private final Callback onAcknowledged;

  ReplayProducer(Settings settings, String source, ReplayCounters counters) {
    this.topics = CommonSettings.topics(settings);
    this.source = source;
    this.counters = counters;
    this.onAcknowledged =
        (metadata, failure) -> {
          if (failure != null && counters.unacknowledged.incrementAndGet() == 1) {
            LOG.warn("The broker did not acknowledge a replayed record: {}", failure.toString());
          }
        };
    Duration linger = settings.get(ReplaySettings.LINGER);
    Map<String, Object> config =
        KafkaClients.from(settings).idempotentProducer("osprey-replay-" + source);
    config.put(
        ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.get(ReplaySettings.COMPRESSION).name);
    config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.get(ReplaySettings.BATCH_BYTES));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    // Fetch both topics' metadata now: otherwise the first send to each blocks on it, which would
    // stall the paced clock mid-replay (labels start flowing only after the first label time).
    producer.partitionsFor(topics.transactions().name());
    producer.partitionsFor(topics.labels().name());
  }

  void sendEvent(ReplayRecord record) {
    producer.send(
        new ProducerRecord<>(topics.transactions().name(), record.key(), record.event()),
        onAcknowledged);
    counters.events.incrementAndGet();
  }

  void sendLabel(String eventId, ReplayRecord.Verdict verdict) {
    Label label = new Label(eventId, verdict.positive(), verdict.labelTime(), source);
    producer.send(
        new ProducerRecord<>(topics.labels().name(), eventId, labelJson.encode(label)),
        onAcknowledged);
    counters.labels.incrementAndGet();
    if (verdict.positive()) {
      counters.positives.incrementAndGet();
    }
  }

  /** Sends what is buffered and waits for the broker's answers. */
  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
