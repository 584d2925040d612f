package io.osprey.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.model.ModelEnvelopes;
import io.osprey.model.dl4j.Dl4jMlp;
import io.osprey.model.dl4j.MlpShape;
import io.osprey.model.signing.EnvelopeTrust;
import io.osprey.model.signing.TestSigning;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.features.FeatureLayout;
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

/** The trainer's view of {@code models} holds only what it believes. */
class LatestEnvelopeReaderTest {
  private static final Topic<String, ModelEnvelope> MODELS =
      OspreyTopics.withPrefix("reader.").models();
  private static final TopicPartition PARTITION = new TopicPartition(MODELS.name(), 0);

  @Test
  void forgedAndUntrustedVersionsNeitherEndTheSequenceNorBecomeTheChampion() {
    ModelEnvelope v1 = envelope(1);
    ModelEnvelope v2 = envelope(2);
    ModelEnvelope forged =
        ModelEnvelope.newBuilder(v2).setVersion(Long.MAX_VALUE).setSignature(null).build();
    ModelEnvelope strangers =
        TestSigning.stranger()
            .sign(ModelEnvelope.newBuilder(v2).setVersion(Long.MAX_VALUE - 1).build());
    MockConsumer<byte[], byte[]> consumer = consumerOf(v1, v2, forged, strangers);
    LatestEnvelopeReader reader =
        new LatestEnvelopeReader(
            consumer, MODELS, "fraud", new EnvelopeTrust(TestSigning.TRUSTED, false, 1_000_000));

    LatestEnvelopeReader.Found found = reader.refresh(Duration.ofSeconds(10));

    assertThat(found.latest()).map(ModelEnvelope::getVersion).hasValue(2L);
    assertThat(found.champion()).map(ModelEnvelope::getVersion).hasValue(2L);
    assertThat(found.previousChampion()).map(ModelEnvelope::getVersion).hasValue(1L);
    assertThat(reader.untrusted()).isEqualTo(2);
  }

  private static MockConsumer<byte[], byte[]> consumerOf(ModelEnvelope... envelopes) {
    MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        MODELS.name(),
        List.of(new PartitionInfo(MODELS.name(), 0, node, new Node[] {node}, new Node[] {node})));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, (long) envelopes.length));
    consumer.schedulePollTask(
        () -> {
          for (int i = 0; i < envelopes.length; i++) {
            consumer.addRecord(
                new ConsumerRecord<>(
                    MODELS.name(),
                    0,
                    i,
                    MODELS.serializeKey("fraud"),
                    MODELS.serializeValue(envelopes[i])));
          }
        });
    return consumer;
  }

  private static ModelEnvelope envelope(long version) {
    return ModelEnvelopes.seal(
        Dl4jMlp.create(new MlpShape(List.of(4), 0.01, 0, version), FeatureLayout.PAYMENTS.size()),
        new ModelEnvelopes.Publication(
            "fraud",
            version,
            version == 1 ? null : version - 1,
            ModelEnvelopes.CHAMPION,
            FeatureLayout.PAYMENTS.specHash(),
            FeatureLayout.PAYMENTS.names(),
            new TrainingWindow(0L, 1L, 1L, null),
            Map.of(),
            0.5,
            "test"),
        version,
        TestSigning.SIGNER);
  }
}
