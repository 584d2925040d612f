package io.osprey.ingest.lake;

import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Whether the job also writes features and training examples to a lake: {@link #none()}, or the two
 * sinks ({@link Lake#sinks} builds the Parquet ones).
 */
public sealed interface LakeSinks {

  /** No lake: only the topics get the job's output. */
  static LakeSinks none() {
    return new None();
  }

  static LakeSinks of(Sink<FeatureRow> features, Sink<Example> trainingExamples) {
    return new Writing(features, trainingExamples);
  }

  /** No lake. */
  record None() implements LakeSinks {}

  /** A lake with these sinks; file sinks commit on checkpoints. */
  record Writing(Sink<FeatureRow> features, Sink<Example> trainingExamples) implements LakeSinks {
    public Writing {
      Objects.requireNonNull(features, "lake features");
      Objects.requireNonNull(trainingExamples, "lake training examples");
    }
  }
}
