package io.osprey.ingest;

import io.osprey.ingest.lake.LakeSinks;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.Rejected;
import io.osprey.ingest.monitor.RestartReporting;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's results go: feature vectors, training examples and dead letters always; the lake
 * and restart alerts when the caller asks for them ({@link LakeSinks#none()} and {@link
 * RestartReporting#none()} say explicitly that there are none).
 */
public record IngestSinks(
    Sink<FeatureRow> features,
    Sink<Example> trainingExamples,
    Sink<Rejected> deadLetters,
    LakeSinks lake,
    RestartReporting restarts) {

  public IngestSinks {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(trainingExamples, "trainingExamples");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(restarts, "restarts");
  }

  /** The three outputs alone: no lake, restarts not reported. */
  public static IngestSinks of(
      Sink<FeatureRow> features, Sink<Example> trainingExamples, Sink<Rejected> deadLetters) {
    return new IngestSinks(
        features, trainingExamples, deadLetters, LakeSinks.none(), RestartReporting.none());
  }

  /** These sinks, with features and training examples also written to {@code lake}. */
  public IngestSinks withLake(LakeSinks lake) {
    return new IngestSinks(features, trainingExamples, deadLetters, lake, restarts);
  }

  /** These sinks, with the job's restarts reported as {@code restarts} says. */
  public IngestSinks withRestarts(RestartReporting restarts) {
    return new IngestSinks(features, trainingExamples, deadLetters, lake, restarts);
  }
}
