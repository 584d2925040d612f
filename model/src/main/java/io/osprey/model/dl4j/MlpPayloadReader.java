package io.osprey.model.dl4j;

import io.osprey.model.ModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a {@link Dl4jMlp} payload (the zip DL4J's {@code ModelSerializer.writeModel} writes)
 * without DL4J's loader, which would hand a {@code preprocessor.bin} or {@code normalizer.bin}
 * entry to Java's {@code ObjectInputStream}: bytes from the {@code models} topic must never reach
 * Java deserialization, signature or not.
 *
 * <p>Only three entries are read, each by a parser that builds no object named by the bytes: the
 * layer configuration (DL4J's JSON; Jackson binds it to DL4J's own configuration types) and the
 * parameters and updater state (ND4J's binary array format: a header, a shape and the numbers). A
 * payload holding any other entry is refused, naming it. Entries are size-capped so a zip bomb
 * cannot exhaust the heap.
 */
final class MlpPayloadReader {
  static final String CONFIGURATION = "configuration.json";
  static final String PARAMETERS = "coefficients.bin";
  static final String UPDATER = "updaterState.bin";
  private static final Set<String> ALLOWED = Set.of(CONFIGURATION, PARAMETERS, UPDATER);

  /** Far above any network Osprey trains (27,361 parameters are about 110 KB of floats). */
  private static final int MAX_ENTRY_BYTES = 64 << 20;

  private MlpPayloadReader() {}

  static MultiLayerNetwork read(byte[] payload) throws IOException {
    Map<String, byte[]> entries = entries(payload);
    byte[] json = entries.get(CONFIGURATION);
    byte[] parameters = entries.get(PARAMETERS);
    if (json == null || parameters == null) {
      throw new ModelException(
          "payload lacks "
              + (json == null ? CONFIGURATION : PARAMETERS)
              + "; entries: "
              + entries.keySet());
    }
    MultiLayerConfiguration configuration =
        MultiLayerConfiguration.fromJson(new String(json, StandardCharsets.UTF_8));
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init(array(parameters), false);
    byte[] updater = entries.get(UPDATER);
    if (updater != null) {
      network.getUpdater().setStateViewArray(network, array(updater), false);
    }
    return network;
  }

  private static Map<String, byte[]> entries(byte[] payload) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(payload))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName();
        if (!ALLOWED.contains(name)) {
          throw new ModelException(
              "payload entry '" + name + "' is not allowed (only " + ALLOWED + " are read)");
        }
        if (entries.put(name, capped(zip, name)) != null) {
          throw new ModelException("payload holds entry '" + name + "' twice");
        }
      }
    }
    if (entries.isEmpty()) {
      throw new ModelException("payload is not a loadable DL4J network: no zip entries");
    }
    return entries;
  }

  private static byte[] capped(InputStream in, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
      if (out.size() > MAX_ENTRY_BYTES) {
        throw new ModelException(
            "payload entry '" + name + "' exceeds " + MAX_ENTRY_BYTES + " bytes");
      }
    }
    return out.toByteArray();
  }

  private static INDArray array(byte[] bytes) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return Nd4j.read(in);
    }
  }
}
