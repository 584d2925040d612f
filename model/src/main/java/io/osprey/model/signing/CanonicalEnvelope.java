package io.osprey.model.signing;

import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.ReferenceProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
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
 * schema (no signature fields) encodes here with them null: unsigned, and refused as such.
 *
 * <p>Fields added after the signature ({@code referenceProfile} so far) must not change the bytes
 * of an envelope that does not set them, or every envelope signed before them would stop verifying
 * (Avro writes even a null union as one byte). So the fields up to {@code signature} are written
 * under the schema as it was then (the "core"), and each later field that is set is appended after
 * them in its own Avro encoding. The core is self-delimiting, so an envelope with a profile never
 * encodes like one without.
 */
public final class CanonicalEnvelope {
  static final byte[] DOMAIN = "osprey-model-envelope-v1\0".getBytes(StandardCharsets.US_ASCII);

  /** The envelope's fields up to and including {@code signature}: what was signed before. */
  private static final Schema CORE = core(ModelEnvelope.getClassSchema());

  private static final GenericDatumWriter<ModelEnvelope> WRITER =
      new GenericDatumWriter<>(CORE, SpecificData.get());
  private static final SpecificDatumWriter<ReferenceProfile> PROFILE_WRITER =
      new SpecificDatumWriter<>(ReferenceProfile.class);

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
        if (envelope.getReferenceProfile() != null) {
          PROFILE_WRITER.write(envelope.getReferenceProfile(), encoder);
        }
      }
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + envelope.getName(), e);
    }
    return out.toByteArray();
  }

  private static Schema core(Schema envelope) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : envelope.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
      if (field.name().equals("signature")) {
        break;
      }
    }
    return Schema.createRecord(
        envelope.getName(), envelope.getDoc(), envelope.getNamespace(), false, fields);
  }
}
