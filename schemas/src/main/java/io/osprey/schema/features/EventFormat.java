package io.osprey.schema.features;

/**
 * How events are encoded on the input topic. A spec may accept several: records are told apart by
 * the Avro single-object marker (C3 01), which JSON text never starts with.
 */
public enum EventFormat {
  /** One JSON object per record; fields not in the spec are ignored. */
  JSON,
  /** Avro single-object encoding of the record schema named by {@code event.avroSchema}. */
  AVRO;

  public String specName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
