package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The Flink Kubernetes Operator's own checks of a FlinkDeployment (its DefaultValidator) that a
 * schema cannot express, reproduced for the fields Osprey's manifests use, plus the two a
 * deployment of Osprey needs on top: the job jar where the image puts it, and the S3 plugin and
 * credentials wherever a directory is on {@code s3://}.
 */
final class FlinkDeploymentRules {
  /** Where the ingest image puts the job jar (stream-ingest/pom.xml, Jib). */
  static final String JAR_URI = "local:///opt/flink/usrlib/osprey-stream-ingest-job.jar";

  private static final List<String> CHECKPOINT_DIR_KEYS =
      List.of("execution.checkpointing.dir", "state.checkpoints.dir");
  private static final List<String> SAVEPOINT_DIR_KEYS =
      List.of("execution.checkpointing.savepoint-dir", "state.savepoints.dir");

  private FlinkDeploymentRules() {}

  /** The broken rules, each a sentence; empty when the deployment passes. */
  static List<String> violations(JsonNode spec) {
    List<String> broken = new ArrayList<>();
    JsonNode conf = spec.path("flinkConfiguration");
    JsonNode job = spec.path("job");
    String upgradeMode = job.path("upgradeMode").asText("stateless");
    boolean ha = !conf.path("high-availability.type").asText("NONE").equalsIgnoreCase("NONE");
    if (spec.path("flinkVersion").isMissingNode()) {
      broken.add("flinkVersion must be set");
    }
    if (job.path("jarURI").isMissingNode()) {
      broken.add("an application deployment needs job.jarURI");
    } else if (!job.path("jarURI").asText().equals(JAR_URI)) {
      broken.add("job.jarURI must be " + JAR_URI + ", where the image puts the jar");
    }
    if (!upgradeMode.equals("stateless") && firstSet(conf, CHECKPOINT_DIR_KEYS) == null) {
      broken.add(
          "upgradeMode " + upgradeMode + " needs a checkpoint directory " + CHECKPOINT_DIR_KEYS);
    }
    if (upgradeMode.equals("savepoint") && firstSet(conf, SAVEPOINT_DIR_KEYS) == null) {
      broken.add("upgradeMode savepoint needs a savepoint directory " + SAVEPOINT_DIR_KEYS);
    }
    if (upgradeMode.equals("last-state") && !ha) {
      broken.add("upgradeMode last-state needs high availability");
    }
    if (spec.path("jobManager").path("replicas").asInt(1) > 1 && !ha) {
      broken.add("more than one job manager needs high availability");
    }
    if (ha && conf.path("high-availability.storageDir").isMissingNode()) {
      broken.add("high availability needs high-availability.storageDir");
    }
    if (job.path("parallelism").asInt(1) < 1) {
      broken.add("job.parallelism must be positive");
    }
    if (usesS3(conf)) {
      List<String> env = new ArrayList<>();
      spec.path("podTemplate")
          .path("spec")
          .path("containers")
          .forEach(
              container ->
                  container
                      .path("env")
                      .forEach(
                          e -> env.add(e.path("name").asText() + "=" + e.path("value").asText())));
      if (env.stream().noneMatch(e -> e.startsWith("ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-"))) {
        broken.add(
            "s3:// directories need the S3 plugin (ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-...)");
      }
      if (env.stream().noneMatch(e -> e.startsWith("AWS_ACCESS_KEY_ID="))
          || env.stream().noneMatch(e -> e.startsWith("AWS_SECRET_ACCESS_KEY="))) {
        broken.add("s3:// directories need credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
      }
    }
    return broken;
  }

  private static String firstSet(JsonNode conf, List<String> keys) {
    return keys.stream().filter(k -> !conf.path(k).asText("").isBlank()).findFirst().orElse(null);
  }

  private static boolean usesS3(JsonNode conf) {
    List<String> values = new ArrayList<>();
    conf.elements().forEachRemaining(v -> values.add(v.asText()));
    return values.stream().anyMatch(v -> v.startsWith("s3://") || v.startsWith("s3a://"));
  }
}
