package io.osprey.schema.topic;

import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of DESIGN.md under one configurable prefix. Raw input topics are read as bytes, so
 * that ingest can send what it cannot parse to the dead-letter topic unchanged.
 */
public record OspreyTopics(
    Topic<String, byte[]> transactions,
    Topic<String, byte[]> labels,
    Topic<byte[], DeadLetter> deadLetters,
    Topic<String, FeatureVector> features,
    Topic<String, TrainingExample> trainingExamples,
    Topic<String, ModelEnvelope> models,
    Topic<String, Prediction> predictions,
    Topic<String, MonitoringEvent> monitoring) {

  /** Topic names with {@code prefix} in front ("" for none); predictions written as JSON. */
  public static OspreyTopics withPrefix(String prefix) {
    return withPrefix(prefix, WireFormat.JSON);
  }

  public static OspreyTopics withPrefix(String prefix, WireFormat predictionFormat) {
    return new OspreyTopics(
        new Topic<>(prefix + "transactions", Serdes.String(), Serdes.ByteArray(), false),
        new Topic<>(prefix + "labels", Serdes.String(), Serdes.ByteArray(), false),
        new Topic<>(
            prefix + "ingest.dlq", Serdes.ByteArray(), CodecSerde.avro(DeadLetter.class), false),
        new Topic<>(
            prefix + "features", Serdes.String(), CodecSerde.avro(FeatureVector.class), false),
        new Topic<>(
            prefix + "training-examples",
            Serdes.String(),
            CodecSerde.avro(TrainingExample.class),
            false),
        new Topic<>(prefix + "models", Serdes.String(), CodecSerde.avro(ModelEnvelope.class), true),
        new Topic<>(
            prefix + "predictions",
            Serdes.String(),
            CodecSerde.edge(EdgeCodec.of(Prediction.class, predictionFormat)),
            false),
        new Topic<>(
            prefix + "monitoring", Serdes.String(), CodecSerde.avro(MonitoringEvent.class), false));
  }

  /** All topics, for creating them. */
  public List<Topic<?, ?>> all() {
    return List.of(
        transactions,
        labels,
        deadLetters,
        features,
        trainingExamples,
        models,
        predictions,
        monitoring);
  }
}
