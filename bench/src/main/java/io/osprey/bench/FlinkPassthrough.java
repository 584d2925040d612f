package io.osprey.bench;

import io.osprey.ingest.IngestSettings;
import io.osprey.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A Flink job that copies the bytes of one topic to another without parsing them: a Kafka source
 * chained to an at-least-once Kafka sink in one task (so no network exchange between them), with
 * the ingest job's default checkpoint interval, buffer timeout and sink linger, and at-least-once
 * checkpoints. It stamps the times the system benchmark splits latency by into headers, at the cost
 * of two small headers. What reading and writing Kafka costs in Flink on this machine before any
 * ingest work. The whole-system baseline uses it from {@code transactions} to {@code features}, the
 * ingest benchmark as its floor.
 */
final class FlinkPassthrough {
  static final String LABEL = "flink passthrough";

  private FlinkPassthrough() {}

  /** The job, to build on an environment, from {@code source} to {@code sink} topic. */
  static Consumer<StreamExecutionEnvironment> job(
      KafkaClients kafka, String sourceTopic, String sinkTopic, String groupId) {
    return env -> {
      KafkaSource<byte[]> source =
          KafkaSource.<byte[]>builder()
              .setProperties(kafka.flink())
              .setTopics(sourceTopic)
              .setGroupId(groupId)
              .setStartingOffsets(OffsetsInitializer.latest())
              .setValueOnlyDeserializer(new PassBytes())
              .build();
      KafkaSink<byte[]> sink =
          KafkaSink.<byte[]>builder()
              .setKafkaProducerConfig(kafka.flink())
              .setProperty(
                  ProducerConfig.LINGER_MS_CONFIG,
                  String.valueOf(IngestSettings.SINK_LINGER_MS.defaultValue()))
              .setRecordSerializer(new StampedCopy(sinkTopic))
              .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
              .build();
      Configuration conf = new Configuration();
      conf.set(
          ExecutionOptions.BUFFER_TIMEOUT,
          Duration.ofMillis(IngestSettings.BUFFER_TIMEOUT_MS.defaultValue()));
      env.configure(conf);
      env.enableCheckpointing(
          IngestSettings.CHECKPOINT_INTERVAL.defaultValue().toMillis(),
          CheckpointingMode.AT_LEAST_ONCE);
      env.fromSource(source, WatermarkStrategy.noWatermarks(), "passthrough-source")
          .uid("passthrough-source")
          .sinkTo(sink)
          .uid("passthrough-sink");
    };
  }

  /**
   * Bytes out as they came in, with the times Osprey's vectors carry in their fields as headers
   * ({@link StageStamps}): the source record's Kafka timestamp as the ingest time, and now as the
   * feature time. The record's own timestamp is left to the producer (its send time), as Osprey's
   * sink does.
   */
  private static final class StampedCopy implements KafkaRecordSerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    StampedCopy(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        byte[] element, KafkaSinkContext context, Long timestamp) {
      RecordHeaders headers = new RecordHeaders();
      if (timestamp != null) {
        headers.add(StageStamps.INGEST_HEADER, StageStamps.headerValue(timestamp));
      }
      headers.add(StageStamps.FEATURE_HEADER, StageStamps.headerValue(System.currentTimeMillis()));
      return new ProducerRecord<>(topic, null, null, null, element, headers);
    }
  }

  /** Bytes in, bytes out: the passthrough must not parse. */
  private static final class PassBytes extends AbstractDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] deserialize(byte[] message) {
      return message;
    }
  }
}
