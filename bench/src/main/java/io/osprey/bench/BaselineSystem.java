package io.osprey.bench;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.EmbeddedKafka;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.scoring.ScoringSettings;
import io.osprey.scoring.ScoringTopology;
import io.osprey.system.EmbeddedFlink;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The bare plumbing of Osprey's shape with no features and no model: the same topics on an embedded
 * broker, a Flink identity job from {@code transactions} to {@code features}, and a Kafka Streams
 * identity topology from {@code features} to {@code predictions}, with the same Flink and Streams
 * latency settings. What Osprey costs over this is what the ML costs. Its two jobs stamp the times
 * Osprey's predictions carry into headers, so that its latency splits into the same {@link Stage}s.
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
    started.push(
        EmbeddedFlink.start(
            "baseline-identity",
            FlinkPassthrough.job(
                KafkaClients.plaintext(bootstrap),
                topics.transactions().name(),
                topics.features().name(),
                "baseline-identity"),
            dataDir,
            2,
            0));
    started.push(identityTopology(settings));
  }

  private KafkaStreams identityTopology(Settings settings) {
    Properties props = ScoringTopology.streamsConfig(settings);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "baseline-identity");
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.features().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(StampScored::new)
        .to(topics.predictions().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.start();
    return streams;
  }

  /**
   * Forwards each record as it came, adding the time it passed as the {@code scoredTime} header;
   * Kafka Streams keeps the other headers and the record's timestamp, as the scorer does.
   */
  private static final class StampScored implements Processor<byte[], byte[], byte[], byte[]> {
    private ProcessorContext<byte[], byte[]> context;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      record
          .headers()
          .add(StageStamps.SCORED_HEADER, StageStamps.headerValue(System.currentTimeMillis()));
      context.forward(record);
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
