package io.osprey.ingest;

import io.osprey.ingest.model.RawRecord;
import java.util.Objects;
import org.apache.flink.api.connector.source.Source;

/**
 * What the job reads: raw transactions and raw labels, from topics ({@link
 * io.osprey.ingest.kafka.KafkaEndpoints}), files ({@link io.osprey.ingest.file.FileEndpoints}) or a
 * test's own bounded source. The job parses both, so every source hands over bytes as a producer
 * wrote them.
 */
public record IngestSources(Source<RawRecord, ?, ?> transactions, Source<RawRecord, ?, ?> labels) {

  public IngestSources {
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(labels, "labels");
  }
}
