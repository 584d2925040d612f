package io.osprey.bench;

import io.osprey.platform.kafka.KafkaClients;
import io.osprey.schema.Prediction;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import io.osprey.trainer.intake.LabelledExample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a run left on the output topics, read from the beginning to the current end: the training
 * examples (one per event id: the latest correction wins, see LabelJoin), each one's key (the
 * spec's entity) and the predictions as they were served.
 *
 * @param keys the entity of each example, aligned with {@code examples}
 * @param trainedThrough each published model version's training window end (epoch ms)
 */
record PipelineOutput(
    List<LabelledExample> examples,
    List<String> keys,
    Map<String, Prediction> predictions,
    Map<Long, Long> trainedThrough) {
  private static final Duration POLL = Duration.ofMillis(200);

  static PipelineOutput read(String bootstrap, OspreyTopics topics) {
    Map<String, TrainingExample> latest = new HashMap<>();
    readAll(
        bootstrap,
        topics.trainingExamples(),
        example ->
            latest.merge(
                example.getFeatures().getEventId(),
                example,
                (a, b) -> b.getMaturedTime() >= a.getMaturedTime() ? b : a));
    Map<String, Prediction> predictions = new HashMap<>();
    // At-least-once scoring may repeat a prediction; the last one written is the one that counts.
    readAll(bootstrap, topics.predictions(), p -> predictions.put(p.getEventId(), p));
    List<LabelledExample> examples = new ArrayList<>(latest.size());
    latest.values().forEach(e -> examples.add(LabelledExample.of(e)));
    examples.sort(LabelledExample.BY_EVENT_TIME);
    List<String> keys =
        examples.stream()
            .map(e -> latest.get(e.eventId()).getFeatures().getEntityId().toString())
            .toList();
    // Each published version's training window end, for the served model's age. The topic is
    // compacted by model name, so a long run may have lost early versions (left out of the age).
    Map<Long, Long> trainedThrough = new HashMap<>();
    readAll(
        bootstrap,
        topics.models(),
        envelope ->
            trainedThrough.put(
                envelope.getVersion(), envelope.getTrainingWindow().getToEventTime()));
    // Not Map.copyOf: its open addressing probes linearly, and event ids that differ only in a
    // counter hash to neighbouring slots, so a lookup walks long runs (measured: 30 times slower
    // than a HashMap over 200,000 "payments-<n>" ids), and the report looks every id up per window.
    return new PipelineOutput(
        List.copyOf(examples),
        keys,
        Collections.unmodifiableMap(predictions),
        Map.copyOf(trainedThrough));
  }

  /** Every record of {@code topic} up to its end offsets at the time of the call. */
  private static <V> void readAll(String bootstrap, Topic<?, V> topic, Consumer<V> sink) {
    // The benchmark's own embedded broker: never secured.
    Map<String, Object> props = KafkaClients.plaintext(bootstrap).reader("osprey-bench-output");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          sink.accept(topic.deserializeValue(record.value()));
        }
      }
    }
  }
}
