package io.osprey.scoring;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes monitoring events to the {@code monitoring} topic, keyed by metric name. Fire and forget
 * with a logged failure: model events are rare and also logged and counted, so losing one to a
 * broker outage must not block the global thread that keeps models current.
 */
final class ProducerMonitoringSink implements MonitoringSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerMonitoringSink.class);

  private final KafkaProducer<String, MonitoringEvent> producer;
  private final Topic<String, MonitoringEvent> topic;

  ProducerMonitoringSink(
      KafkaClients kafka, Topic<String, MonitoringEvent> topic, String clientId) {
    this.topic = topic;
    Map<String, Object> config = kafka.producer(clientId);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer =
        new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  @Override
  public void publish(MonitoringEvent event) {
    producer.send(
        new ProducerRecord<>(topic.name(), event.getMetric(), event),
        (metadata, error) -> {
          if (error != null) {
            LOG.warn("Monitoring event {} not written: {}", event.getMetric(), error.toString());
          }
        });
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
