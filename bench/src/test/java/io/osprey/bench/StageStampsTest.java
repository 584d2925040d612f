package io.osprey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class StageStampsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPredictionSplitsByItsTimesAndItsKafkaTimestamp() throws Exception {
    byte[] value =
        "{\"eventId\":\"e\",\"ingestTime\":1000,\"featureTime\":1010,\"scoredTime\":1013}"
            .getBytes();
    ConsumerRecord<byte[], byte[]> result = record(1011, new RecordHeaders(), value);

    StageStamps stamps = StageStamps.of(result, JSON.readTree(value));

    assertThat(stamps).isEqualTo(new StageStamps(1000, 1010, 1011, 1013));
    Map<Stage, Long> micros = stamps.micros(999_500, 1_020_000);
    assertThat(micros)
        .containsEntry(Stage.PRODUCER_TO_INGEST, 500L)
        .containsEntry(Stage.INGEST_TO_FEATURE, 10_000L)
        .containsEntry(Stage.FEATURE_TO_FEATURE_OUT, 1_000L)
        .containsEntry(Stage.FEATURE_OUT_TO_SCORED, 2_000L)
        .containsEntry(Stage.SCORED_TO_CONSUMER, 7_000L);
  }

  @Test
  void aBaselineCopyCarriesTheTimesInHeadersAndRoundingNeverMakesAStageNegative() throws Exception {
    RecordHeaders headers = new RecordHeaders();
    headers.add(StageStamps.INGEST_HEADER, StageStamps.headerValue(1000));
    headers.add(StageStamps.FEATURE_HEADER, StageStamps.headerValue(1004));
    headers.add(StageStamps.SCORED_HEADER, StageStamps.headerValue(1006));
    byte[] payment = "{\"eventId\":\"e\",\"amount\":3}".getBytes();

    StageStamps stamps = StageStamps.of(record(1004, headers, payment), JSON.readTree(payment));

    assertThat(stamps).isEqualTo(new StageStamps(1000, 1004, 1004, 1006));
    assertThat(stamps.micros(1_000_400, 1_007_000).get(Stage.PRODUCER_TO_INGEST)).isZero();
  }

  @Test
  void aResultWithoutTimesHasNoStamps() throws Exception {
    byte[] payment = "{\"eventId\":\"e\"}".getBytes();
    assertThat(
            Optional.ofNullable(
                StageStamps.of(record(5, new RecordHeaders(), payment), JSON.readTree(payment))))
        .isEmpty();
  }

  private static ConsumerRecord<byte[], byte[]> record(
      long timestamp, RecordHeaders headers, byte[] value) {
    return new ConsumerRecord<>(
        "predictions",
        0,
        0L,
        timestamp,
        TimestampType.CREATE_TIME,
        0,
        value.length,
        null,
        value,
        headers,
        Optional.empty());
  }
}
