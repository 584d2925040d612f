package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.FeatureVector;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class FeatureWorkloadTest {
  private static final long EVENT_TIME = 1_700_000_000_000L;
  private final Topic<String, FeatureVector> features = OspreyTopics.withPrefix("").features();
  private final FeaturePool pool = FeaturePool.generate(3, 16);

  @Test
  void eachEventIsAValidVectorOfThePoolWithItsOwnIdsAndKey() {
    FeatureWorkload workload = new FeatureWorkload(pool, features, "run1", EVENT_TIME);

    for (long number : new long[] {0, 17, 123_456_789_012L}) {
      ProducerRecord<byte[], byte[]> record = workload.record("features", number);
      FeatureVector vector = features.deserializeValue(record.value());

      assertThat(vector.getEventId()).isEqualTo(String.format("e-run1-%012d", number));
      assertThat(vector.getEntityId())
          .isEqualTo(String.format("card-%06d", number % FeatureWorkload.ENTITIES))
          .isEqualTo(new String(record.key(), StandardCharsets.UTF_8));
      assertThat(vector.getValues())
          .containsExactlyElementsOf(
              Arrays.stream(pool.row((int) (number % pool.size()))).boxed().toList());
      assertThat(vector.getSpecHash()).isEqualTo(pool.layout().specHash());
      assertThat(vector.getIngestTime()).isEqualTo(EVENT_TIME);
    }
  }

  @Test
  void aPredictionIsMatchedByItsEventIdKeyAndOthersAreNot() {
    FeatureWorkload workload = new FeatureWorkload(pool, features, "run1", EVENT_TIME);

    assertThat(workload.numberOf(prediction("e-run1-000000000042"))).isEqualTo(42);
    assertThat(workload.numberOf(prediction("e-run2-000000000042"))).isEqualTo(-1);
    assertThat(workload.numberOf(prediction("e-run1-42"))).isEqualTo(-1);
    assertThat(workload.numberOf(prediction("e-run1-00000000004x"))).isEqualTo(-1);
  }

  private static ConsumerRecord<byte[], byte[]> prediction(String key) {
    return new ConsumerRecord<>("predictions", 0, 0, key.getBytes(StandardCharsets.UTF_8), null);
  }
}
