package io.osprey.schema.codec;

/** How a record travels on an edge topic. Readers accept both; writers use the configured one. */
public enum WireFormat {
  /** Plain JSON, for any Kafka client (kcat, kafkajs, a Java producer). */
  JSON,
  /** Avro single-object encoding, compact and schema-checked. */
  AVRO
}
