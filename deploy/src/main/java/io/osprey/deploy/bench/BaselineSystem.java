package io.osprey.deploy.bench;

import io.osprey.deploy.launch.EmbeddedFlink;
import io.osprey.ingest.IngestSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringSettings;
import io.osprey.scoring.ScoringTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The bare plumbing of Osprey's shape with no features and no model: the same topics on an embedded
 * broker, a Flink identity job from {@code transactions} to {@code features}, and a Kafka Streams
 * identity topology from {@code features} to {@code predictions}, with the same Flink and Streams
 * latency settings. What Osprey costs over this is what the ML costs.
 */
final class BaselineSystem implements SystemUnderTest {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final OspreyTopics topics = OspreyTopics.withPrefix("");
  private String bootstrap;

  static BaselineSystem start(Path dataDir) throws Exception {
    BaselineSystem system = new BaselineSystem();
    try {
      system.startAll(dataDir);
      return system;
    } catch (Exception e) {
      system.close();
      throw e;
    }
  }

  private void startAll(Path dataDir) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
    started.push(kafka);
    bootstrap = kafka.bootstrapServers();
    Settings settings =
        Settings.empty()
            .with(CommonSettings.BOOTSTRAP_SERVERS, bootstrap)
            .with(ScoringSettings.STATE_DIR, dataDir.resolve("streams").toString());
    TopicAdmin.ensureTopics(settings);
    started.push(EmbeddedFlink.start("baseline-identity", this::identityJob, dataDir, 2, 0));
    started.push(identityTopology(settings));
  }

  private void identityJob(StreamExecutionEnvironment env) {
    KafkaSource<byte[]> source =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topics.transactions().name())
            .setGroupId("baseline-identity")
            .setStartingOffsets(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new PassBytes())
            .build();
    KafkaSink<byte[]> sink =
        KafkaSink.<byte[]>builder()
            .setBootstrapServers(bootstrap)
            .setRecordSerializer(
                KafkaRecordSerializationSchema.<byte[]>builder()
                    .setTopic(topics.features().name())
                    .setValueSerializationSchema(new WriteBytes())
                    .build())
            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
            .build();
    // The same checkpointing and buffer timeout as the ingest job.
    Configuration conf = new Configuration();
    conf.set(
        ExecutionOptions.BUFFER_TIMEOUT,
        Duration.ofMillis(IngestSettings.BUFFER_TIMEOUT_MS.defaultValue()));
    env.configure(conf);
    env.enableCheckpointing(IngestSettings.CHECKPOINT_INTERVAL.defaultValue().toMillis());
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "baseline-source")
        .uid("baseline-source")
        .sinkTo(sink)
        .uid("baseline-sink");
  }

  private KafkaStreams identityTopology(Settings settings) {
    Properties props = ScoringTopology.streamsConfig(settings);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline-identity");
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.features().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(topics.predictions().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.start();
    return streams;
  }

  /** Bytes out as they came in (a class, not a lambda: Flink cannot infer a lambda's types). */
  private static final class WriteBytes implements SerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(byte[] element) {
      return element;
    }
  }

  /** Bytes in, bytes out: the identity job must not parse. */
  private static final class PassBytes extends AbstractDeserializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] deserialize(byte[] message) {
      return message;
    }
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public String bootstrapServers() {
    return bootstrap;
  }

  @Override
  public String inputTopic() {
    return topics.transactions().name();
  }

  @Override
  public String resultTopic() {
    return topics.predictions().name();
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        // best effort: the benchmark is ending either way
      }
    }
  }
}
