package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OCI image tar as Jib writes it (oci-layout, index.json, blobs), unpacked as a container
 * runtime would: the layers, in order, into one root directory. Uses the system's {@code tar},
 * which keeps the files' modes.
 */
final class OciImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final JsonNode index;
  private final JsonNode manifest;
  private final JsonNode config;

  private OciImage(Path dir) throws IOException {
    this.dir = dir;
    this.index = JSON.readTree(dir.resolve("index.json").toFile());
    this.manifest =
        JSON.readTree(blob(index.path("manifests").get(0).path("digest").asText()).toFile());
    this.config = JSON.readTree(blob(manifest.path("config").path("digest").asText()).toFile());
  }

  /** Extracts {@code tar} into {@code workDir}/oci and its layers into {@code workDir}/root. */
  static OciImage unpack(Path tar, Path workDir) throws Exception {
    Path oci = Files.createDirectories(workDir.resolve("oci"));
    run(List.of("tar", "-xf", tar.toString(), "-C", oci.toString()));
    OciImage image = new OciImage(oci);
    Path root = Files.createDirectories(workDir.resolve("root"));
    for (JsonNode layer : image.manifest.path("layers")) {
      run(
          List.of(
              "tar",
              "-xzf",
              image.blob(layer.path("digest").asText()).toString(),
              "-C",
              root.toString()));
    }
    return image;
  }

  /** The name and tag the image was built as ({@code org.opencontainers.image.ref.name}). */
  String reference() {
    return index
        .path("manifests")
        .get(0)
        .path("annotations")
        .path("org.opencontainers.image.ref.name")
        .asText();
  }

  List<String> entrypoint() {
    List<String> entrypoint = new ArrayList<>();
    config.path("config").path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    return entrypoint;
  }

  List<String> environment() {
    List<String> env = new ArrayList<>();
    config.path("config").path("Env").forEach(e -> env.add(e.asText()));
    return env;
  }

  /** Compressed bytes of each layer, in order. */
  List<Long> layerSizes() {
    List<Long> sizes = new ArrayList<>();
    manifest.path("layers").forEach(l -> sizes.add(l.path("size").asLong()));
    return sizes;
  }

  Path root() {
    return dir.resolveSibling("root");
  }

  private Path blob(String digest) {
    return dir.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed: " + output);
    }
  }
}
