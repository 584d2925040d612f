/**
 * What flows between the job's operators. These are plain Flink POJOs (public fields, no-arg
 * constructor) rather than the Avro-generated classes: without flink-avro, Flink cannot build type
 * information for Avro classes and would fall back to Kryo (slow, and fragile across schema
 * changes). Avro appears only at the edges: the parser decodes it, the sinks encode it ({@link
 * io.osprey.ingest.model.FeatureRow#toAvro()} etc.). Changing a field here changes checkpointed
 * state; Flink's POJO serializer tolerates added and removed fields.
 */
package io.osprey.ingest.model;
