package io.osprey.model.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osprey.model.ModelException;
import io.osprey.model.Normalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Payload bytes never reach Java deserialization. */
class MlpPayloadReaderTest {
  /** Counts how often Java deserialization ran {@link Gadget#readObject}. */
  static final AtomicInteger DESERIALIZED = new AtomicInteger();

  /** Stands for a gadget class: its {@code readObject} runs code when the bytes are read. */
  static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      DESERIALIZED.incrementAndGet();
    }
  }

  @Test
  void aGenuinePayloadRoundTrips() {
    Dl4jMlp model = Dl4jMlp.create(MlpShape.DEFAULT, 3);
    double[] row = {120, 3, 1};

    Dl4jMlp read = Dl4jMlp.fromPayload(model.payload(), Normalizer.identity(3));

    assertThat(read.score(row)).isEqualTo(model.score(row));
  }

  @Test
  void aPayloadCarryingASerializedObjectIsRefusedUnread() throws Exception {
    byte[] genuine = Dl4jMlp.create(MlpShape.DEFAULT, 3).payload();
    for (Object carried : new Object[] {new Gadget(), new HashMap<>(java.util.Map.of("a", 1))}) {
      byte[] payload = withEntry(genuine, "preprocessor.bin", serialized(carried));

      assertThatThrownBy(() -> Dl4jMlp.fromPayload(payload, Normalizer.identity(3)))
          .isInstanceOf(ModelException.class)
          .hasMessageContaining("'preprocessor.bin' is not allowed");
    }
    assertThat(DESERIALIZED).as("gadget readObject calls").hasValue(0);
  }

  @Test
  void theGadgetWouldRunUnderJavaDeserialization() throws Exception {
    // Proves the test above can fail: reading the same bytes with ObjectInputStream runs it.
    int before = DESERIALIZED.get();
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(serialized(new Gadget())))) {
      in.readObject();
    }
    assertThat(DESERIALIZED.get()).isEqualTo(before + 1);
    DESERIALIZED.set(before);
  }

  @Test
  void anyUnknownEntryOrAMissingOneIsRefused() throws Exception {
    byte[] genuine = Dl4jMlp.create(MlpShape.DEFAULT, 3).payload();
    byte[] extra = withEntry(genuine, "normalizer.bin", new byte[] {1});
    assertThatThrownBy(() -> Dl4jMlp.fromPayload(extra, Normalizer.identity(3)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("normalizer.bin");

    byte[] empty = withEntry(zipOf(), "configuration.json", "{}".getBytes());
    assertThatThrownBy(() -> Dl4jMlp.fromPayload(empty, Normalizer.identity(3)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("coefficients.bin");
  }

  private static byte[] serialized(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  private static byte[] zipOf() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ZipOutputStream(bytes).close();
    return bytes.toByteArray();
  }

  /** {@code zip} with one more entry. */
  private static byte[] withEntry(byte[] zip, String name, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry(name));
      out.write(content);
      out.closeEntry();
    }
    return bytes.toByteArray();
  }
}
