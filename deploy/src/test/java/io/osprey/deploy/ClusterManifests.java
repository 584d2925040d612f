package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every resource of deploy/cluster, one per YAML document, with the file it came from. */
final class ClusterManifests {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One resource of a manifest file. */
  record Resource(Path file, ObjectNode body) {
    String apiVersion() {
      return body.path("apiVersion").asText();
    }

    String kind() {
      return body.path("kind").asText();
    }

    String name() {
      return body.path("metadata").path("name").asText();
    }

    JsonNode spec() {
      return body.path("spec");
    }

    @Override
    public String toString() {
      return kind() + " " + name() + " (" + file.getFileName() + ")";
    }
  }

  private ClusterManifests() {}

  /** deploy/cluster of this checkout (the module's base directory is deploy/). */
  static Path directory() {
    return Path.of(System.getProperty("osprey.deploy.dir", ".")).resolve("cluster");
  }

  static List<Resource> all() {
    try (Stream<Path> files = Files.walk(directory())) {
      List<Resource> resources = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        resources.addAll(read(file));
      }
      return resources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Resource> ofKind(String kind) {
    return all().stream().filter(r -> r.kind().equals(kind)).toList();
  }

  static List<Resource> read(Path file) throws IOException {
    List<Resource> resources = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
      for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
        if (document instanceof ObjectNode body && !body.isEmpty()) {
          resources.add(new Resource(file, body));
        }
      }
    }
    return resources;
  }
}
