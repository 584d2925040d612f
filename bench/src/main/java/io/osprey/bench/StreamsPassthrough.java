package io.osprey.bench;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import io.osprey.scoring.ScoringConfig;
import io.osprey.scoring.ScoringTopology;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The scoring benchmark's floor: a Kafka Streams application with the scorer's own streams settings
 * ({@link ScoringTopology#streamsConfig}) that does only what any scorer must: read a feature
 * vector, decode it to learn its event id, and forward the bytes it read to {@code predictions}
 * keyed by that id. No model, no store, no encoding. The scorer's throughput as a share of this one
 * is what scoring itself costs over the Kafka plumbing on the same machine.
 */
final class StreamsPassthrough implements AutoCloseable {
  static final String LABEL = "passthrough";
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;

  private StreamsPassthrough(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * Starts it and waits until it runs. Its application id extends the scorer's, so the benchmark's
   * CPU accounting (by thread name) counts its threads where it counts the scorer's.
   */
  static StreamsPassthrough start(Settings settings, Duration within) throws InterruptedException {
    OspreyTopics topics = CommonSettings.topics(settings);
    Properties props = ScoringTopology.streamsConfig(settings);
    props.put(
        StreamsConfig.APPLICATION_ID_CONFIG,
        ScoringConfig.from(settings).applicationId() + "-" + LABEL);
    KafkaStreams streams = new KafkaStreams(topology(topics), props);
    streams.start();
    long deadline = System.nanoTime() + within.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
        streams.close(CLOSE_TIMEOUT);
        throw new IllegalStateException("the passthrough did not start: " + streams.state());
      }
      Thread.sleep(50); // a bounded wait for the first assignment
    }
    return new StreamsPassthrough(streams);
  }

  private static Topology topology(OspreyTopics topics) {
    Topic<String, FeatureVector> features = topics.features();
    Topology topology = new Topology();
    topology.addSource(
        "vectors",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        features.name());
    topology.addProcessor("rekey", () -> new RekeyByEventId(features), "vectors");
    topology.addSink(
        "predictions",
        topics.predictions().name(),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(),
        "rekey");
    return topology;
  }

  /** Decodes the vector for its event id and forwards the bytes it read under that key. */
  private static final class RekeyByEventId implements Processor<String, byte[], String, byte[]> {
    private final Topic<String, FeatureVector> features;
    private ProcessorContext<String, byte[]> context;

    RekeyByEventId(Topic<String, FeatureVector> features) {
      this.features = features;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
      FeatureVector vector = features.deserializeValue(record.value());
      context.forward(record.withKey(vector.getEventId()));
    }
  }

  @Override
  public void close() {
    streams.close(CLOSE_TIMEOUT);
  }
}
