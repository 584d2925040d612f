package io.osprey.schema.topic;

import io.osprey.schema.codec.AvroCodec;
import io.osprey.schema.codec.CodecException;
import io.osprey.schema.codec.EdgeCodec;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over one of Osprey's codecs, usable from plain clients, Kafka Streams and
 * (through the Flink adapters in stream-ingest) Flink. Needs no schema registry: Avro records carry
 * their writer schema's fingerprint.
 */
public final class CodecSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Function<T, byte[]> encode;
  private final Function<byte[], T> decode;

  private CodecSerde(Function<T, byte[]> encode, Function<byte[], T> decode) {
    this.encode = encode;
    this.decode = decode;
  }

  /** Avro single-object encoding, for internal topics. */
  public static <T extends SpecificRecord> CodecSerde<T> avro(Class<T> type) {
    AvroCodec<T> codec = AvroCodec.of(type);
    return new CodecSerde<>(codec::encode, codec::decode);
  }

  /** JSON or Avro on read, the edge codec's format on write, for edge topics. */
  public static <T extends SpecificRecord> CodecSerde<T> edge(EdgeCodec<T> codec) {
    return new CodecSerde<>(codec::encode, codec::decode);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // a tombstone
    }
    try {
      return encode.apply(data);
    } catch (CodecException e) {
      throw new SerializationException(topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null; // a tombstone
    }
    try {
      return decode.apply(data);
    } catch (CodecException e) {
      throw new SerializationException(topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
