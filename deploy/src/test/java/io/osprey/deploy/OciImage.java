package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OCI image tar as Jib writes it (oci-layout, index.json, blobs), unpacked as a container
 * runtime would: the layers, in order, into one root directory. Uses the system's {@code tar},
 * which keeps the files' modes; each layer is streamed out of the image tar into the root, so the
 * compressed blobs are never written to disk.
 */
final class OciImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the images FROM scratch have their Java runtime. */
  static final String JAVA = "/opt/java/bin/java";

  private final Path tar;
  private final Path root;
  private final JsonNode index;
  private final JsonNode manifest;
  private final JsonNode config;
  private String layerOfJava = "";

  private OciImage(Path tar, Path root) throws Exception {
    this.tar = tar;
    this.root = root;
    this.index = JSON.readTree(member("index.json"));
    this.manifest = JSON.readTree(member(blob(index.path("manifests").get(0).path("digest"))));
    this.config = JSON.readTree(member(blob(manifest.path("config").path("digest"))));
  }

  /** Reads the image in {@code tar} and unpacks its layers, in order, into {@code workDir}/root. */
  static OciImage unpack(Path tar, Path workDir) throws Exception {
    OciImage image = new OciImage(tar, Files.createDirectories(workDir.resolve("root")));
    Path java = image.root.resolve(JAVA.substring(1));
    for (JsonNode layer : image.manifest.path("layers")) {
      boolean hadJava = Files.exists(java);
      image.unpackLayer(blob(layer.path("digest")));
      if (!hadJava && Files.exists(java)) {
        image.layerOfJava = layer.path("digest").asText();
      }
    }
    return image;
  }

  /** The digest of the layer that brought {@link #JAVA}, or "" if none did. */
  String layerOfJava() {
    return layerOfJava;
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

  /** The working directory of the entrypoint, "/" when the image sets none. */
  String workingDir() {
    String dir = config.path("config").path("WorkingDir").asText("");
    return dir.isEmpty() ? "/" : dir;
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
    return root;
  }

  private static String blob(JsonNode digest) {
    return "blobs/" + digest.asText().replace(':', '/');
  }

  /** One file of the image tar, read whole (the small JSON documents). */
  private byte[] member(String name) throws Exception {
    Process process = new ProcessBuilder("tar", "-xOf", tar.toString(), name).start();
    byte[] bytes = process.getInputStream().readAllBytes();
    String errors = new String(process.getErrorStream().readAllBytes());
    if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("cannot read " + name + " from " + tar + ": " + errors);
    }
    return bytes;
  }

  private void unpackLayer(String name) throws Exception {
    List<Process> pipeline =
        ProcessBuilder.startPipeline(
            List.of(
                new ProcessBuilder("tar", "-xOf", tar.toString(), name)
                    .redirectError(ProcessBuilder.Redirect.DISCARD),
                // Jib's layers carry libarchive's creation times, which GNU tar would warn about.
                new ProcessBuilder(
                        "tar", "--warning=no-unknown-keyword", "-xzf", "-", "-C", root.toString())
                    .redirectErrorStream(true)));
    Process last = pipeline.get(pipeline.size() - 1);
    String output = new String(last.getInputStream().readAllBytes());
    for (Process process : pipeline) {
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("unpacking " + name + " of " + tar + " failed: " + output);
      }
    }
  }
}
