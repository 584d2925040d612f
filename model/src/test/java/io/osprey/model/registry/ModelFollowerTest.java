package io.osprey.model.registry;

import static io.osprey.model.registry.ModelLineageTest.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A follower reads the topic to its end, then only what was appended, and believes only some. */
class ModelFollowerTest {
  private static final Topic<String, ModelEnvelope> MODELS =
      OspreyTopics.withPrefix("follower.").models();
  private static final TopicPartition PARTITION = new TopicPartition(MODELS.name(), 0);
  private static final EnvelopeTrust TRUST =
      new EnvelopeTrust(TestSigning.TRUSTED, false, 1_000_000);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void followsTheTopicIncrementallyAndSkipsWhatItDoesNotBelieve() {
    ModelEnvelope v1 = published(1, ModelEnvelopes.CHAMPION);
    ModelEnvelope v2 = published(2, ModelEnvelopes.CHAMPION);
    ModelEnvelope forged =
        ModelEnvelope.newBuilder(v2).setVersion(Long.MAX_VALUE).setSignature(null).build();
    MockConsumer<byte[], byte[]> consumer = consumer();
    append(consumer, 0, v1, v2, forged);
    ModelFollower follower =
        new ModelFollower(new ModelsTopicReader(consumer, MODELS), "fraud", TRUST);

    ModelLineage first = follower.refresh(TIMEOUT);

    assertThat(first.latest()).map(ModelEnvelope::getVersion).hasValue(2L);
    assertThat(first.previousGood()).hasValue(v1);
    assertThat(first.untrusted()).isEqualTo(1);

    ModelEnvelope v3 = published(3, ModelEnvelopes.CHALLENGER);
    append(consumer, 3, v3);
    ModelLineage second = follower.refresh(TIMEOUT);

    assertThat(second.latest()).hasValue(v3);
    assertThat(second.champion()).hasValue(v2);
    assertThat(second.untrusted()).isEqualTo(1); // v1, v2 and the forgery were not read again
  }

  @Test
  void anUndecodableRecordOfTheModelFailsTheRead() {
    MockConsumer<byte[], byte[]> consumer = consumer();
    consumer.updateEndOffsets(Map.of(PARTITION, 1L));
    consumer.schedulePollTask(
        () ->
            consumer.addRecord(
                new ConsumerRecord<>(
                    MODELS.name(), 0, 0, MODELS.serializeKey("fraud"), new byte[] {1, 2, 3})));
    ModelFollower follower =
        new ModelFollower(new ModelsTopicReader(consumer, MODELS), "fraud", TRUST);

    assertThatThrownBy(() -> follower.refresh(TIMEOUT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("undecodable record of fraud");
  }

  private static MockConsumer<byte[], byte[]> consumer() {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        MODELS.name(),
        List.of(new PartitionInfo(MODELS.name(), 0, node, new Node[] {node}, new Node[] {node})));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, 0L));
    return consumer;
  }

  private static void append(
      MockConsumer<byte[], byte[]> consumer, long from, ModelEnvelope... envelopes) {
    consumer.updateEndOffsets(Map.of(PARTITION, from + envelopes.length));
    consumer.schedulePollTask(
        () -> {
          for (int i = 0; i < envelopes.length; i++) {
            consumer.addRecord(
                new ConsumerRecord<>(
                    MODELS.name(),
                    0,
                    from + i,
                    MODELS.serializeKey("fraud"),
                    MODELS.serializeValue(envelopes[i])));
          }
        });
  }
}
