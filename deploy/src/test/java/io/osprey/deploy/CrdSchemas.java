package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The openAPIV3Schema of each served version of the pinned operators' CRDs, as JSON schemas.
 *
 * <p>Sources, both fetched from Maven Central by the build: Strimzi's CRDs generated from {@code
 * io.strimzi:api} by {@code io.strimzi:crd-generator} (deploy/pom.xml, into target/crds), and the
 * Flink Kubernetes Operator's CRD from its API jar (META-INF/fabric8). Two adjustments, both said
 * here: an object schema that lists its properties gets {@code additionalProperties: false}
 * (kubectl's default strict field validation refuses unknown fields, where the schema alone would
 * let the API server prune them silently), and the Flink CRD's {@code flinkVersion} enum gets the
 * 2.x values the 1.10 API jar (the newest on Central here) predates.
 */
final class CrdSchemas {
  /** Flink versions the operator gained after 1.10 (v2_2 needs operator 1.13 or later). */
  static final List<String> FLINK_VERSIONS_AFTER_OPERATOR_1_10 = List.of("v2_0", "v2_1", "v2_2");

  private static final String FLINK_CRD =
      "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
  private final Map<String, JsonSchema> byApiVersionAndKind = new HashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

  static CrdSchemas load() {
    CrdSchemas schemas = new CrdSchemas();
    Path strimzi = Path.of(System.getProperty("osprey.crd.dir", "target/crds")).resolve("strimzi");
    try (Stream<Path> files = Files.list(strimzi)) {
      for (Path file : files.sorted().toList()) {
        for (ClusterManifests.Resource crd : ClusterManifests.read(file)) {
          schemas.add(crd.body());
        }
      }
      try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(FLINK_CRD)) {
        if (in == null) {
          throw new IllegalStateException(FLINK_CRD + " is not on the test classpath");
        }
        ObjectNode crd = (ObjectNode) ClusterManifests.YAML.readTree(in);
        addFlinkVersions(crd);
        schemas.add(crd);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs (run the build: mvn -pl deploy)", e);
    }
    return schemas;
  }

  /** The served api versions and kinds, e.g. {@code kafka.strimzi.io/v1 Kafka}. */
  Set<String> kinds() {
    return byApiVersionAndKind.keySet();
  }

  boolean knows(String apiVersion, String kind) {
    return byApiVersionAndKind.containsKey(apiVersion + " " + kind);
  }

  /** What the schema of the resource's kind says is wrong with it; empty when it validates. */
  Set<ValidationMessage> validate(ClusterManifests.Resource resource) {
    JsonSchema schema = byApiVersionAndKind.get(resource.apiVersion() + " " + resource.kind());
    if (schema == null) {
      throw new IllegalArgumentException(
          "no CRD serves " + resource.apiVersion() + " " + resource.kind());
    }
    return schema.validate(resource.body());
  }

  private void add(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    String kind = spec.path("names").path("kind").asText();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean()) {
        continue;
      }
      ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
      declareTypeMeta(schema);
      closeObjects(schema);
      byApiVersionAndKind.put(
          group + "/" + version.path("name").asText() + " " + kind, factory.getSchema(schema));
    }
  }

  /**
   * The fields every object has, which the API server checks itself: fabric8's generator (Flink's
   * CRD) leaves them out of the schema, Strimzi's declares them.
   */
  private static void declareTypeMeta(ObjectNode schema) {
    ObjectNode properties = schema.with("properties");
    properties.putIfAbsent("apiVersion", schema.objectNode().put("type", "string"));
    properties.putIfAbsent("kind", schema.objectNode().put("type", "string"));
    properties.putIfAbsent("metadata", schema.objectNode().put("type", "object"));
  }

  /** Unknown fields are errors, as with kubectl's strict field validation. */
  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()
          && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      object.elements().forEachRemaining(CrdSchemas::closeObjects);
    } else if (node instanceof ArrayNode array) {
      array.elements().forEachRemaining(CrdSchemas::closeObjects);
    }
  }

  private static void addFlinkVersions(ObjectNode crd) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode flinkVersion =
          version
              .path("schema")
              .path("openAPIV3Schema")
              .path("properties")
              .path("spec")
              .path("properties")
              .path("flinkVersion");
      if (flinkVersion.path("enum") instanceof ArrayNode values) {
        FLINK_VERSIONS_AFTER_OPERATOR_1_10.forEach(values::add);
      }
    }
  }
}
