package io.osprey.model.signing;

import io.osprey.schema.ModelEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The bytes a model signature covers: a fixed domain prefix, then the Avro binary encoding (no
 * single-object header) of the envelope under the schema of this build, with {@code signature} set
 * to null and the {@code metrics} map written in key order.
 *
 * <p>So every field except the signature itself is covered: payload and its format, normaliser,
 * calibration, threshold, role, name, version, parent version, spec hash, feature names, training
 * window and offsets, metrics, checksum, code version, creation time and the signing key's id. Avro
 * binary writes each field in schema order with its length, so two different envelopes never encode
 * to the same bytes; maps are the only part whose order Avro leaves to the map, hence the sort. The
 * prefix keeps a signature over an envelope from meaning anything else signed with the same key.
 *
 * <p>A reader decodes an envelope into this build's schema, so an envelope written with an older
 * schema (no signature fields) encodes here with them null: unsigned, and refused as such. A field
 * added later must be nullable with default null, and changes the canonical bytes only when set.
 */
public final class CanonicalEnvelope {
  static final byte[] DOMAIN = "osprey-model-envelope-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final SpecificDatumWriter<ModelEnvelope> WRITER =
      new SpecificDatumWriter<>(ModelEnvelope.class);

  private CanonicalEnvelope() {}

  /** The signed bytes of {@code envelope}, whatever its signature field holds. */
  public static byte[] bytes(ModelEnvelope envelope) {
    ModelEnvelope unsigned =
        ModelEnvelope.newBuilder(envelope)
            .setSignature(null)
            .setMetrics(new TreeMap<>(envelope.getMetrics()))
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + unsigned.getPayload().remaining());
    out.writeBytes(DOMAIN);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      synchronized (WRITER) {
        WRITER.write(unsigned, encoder);
      }
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + envelope.getName(), e);
    }
    return out.toByteArray();
  }
}
