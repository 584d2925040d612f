package io.osprey.bench;

import io.osprey.ingest.IngestSettings;
import io.osprey.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink job that copies the bytes of one topic to another without parsing them: a Kafka source
 * chained to an at-least-once Kafka sink in one task (so no network exchange between them), with
 * the ingest job's default checkpoint interval and at-least-once checkpoints. What reading and
 * writing Kafka costs in Flink on this machine before any ingest work. The whole-system baseline
 * uses it from {@code transactions} to {@code features}, the ingest benchmark as its floor.
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
              .setRecordSerializer(
                  KafkaRecordSerializationSchema.<byte[]>builder()
                      .setTopic(sinkTopic)
                      .setValueSerializationSchema(new WriteBytes())
                      .build())
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

  /** Bytes out as they came in (a class, not a lambda: Flink cannot infer a lambda's types). */
  private static final class WriteBytes implements SerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(byte[] element) {
      return element;
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
