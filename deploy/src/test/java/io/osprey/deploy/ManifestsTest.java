package io.osprey.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osprey.deploy.ClusterManifests.Resource;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.topic.OspreyTopics;
import io.osprey.schema.topic.Topic;
import io.osprey.scoring.ScoringSettings;
import io.osprey.system.OspreyPrincipals;
import io.osprey.system.cluster.ClusterSettings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/cluster read as the operators would: each resource against the schema of the CRD version
 * this project pins (Strimzi 1.2.0, Flink Kubernetes Operator API 1.10.0 plus the 2.x versions) or
 * Kubernetes' own model, the Flink operator's rules, and what ties the manifests to the code (image
 * names, topics, users and their ACLs, settings).
 */
class ManifestsTest {
  private static final String VERSION = System.getProperty("osprey.version", "0.1.0-SNAPSHOT");

  /** The images the build makes (Jib, one per component module). */
  static final Set<String> BUILT_IMAGES =
      Set.of("osprey/scorer", "osprey/trainer", "osprey/cli", "osprey/stream-ingest").stream()
          .map(name -> name + ":" + VERSION)
          .collect(Collectors.toSet());

  private static CrdSchemas schemas;
  private static List<Resource> resources;

  @BeforeAll
  static void load() {
    schemas = CrdSchemas.load();
    resources = ClusterManifests.all();
  }

  @Test
  void everyResourceValidatesAgainstThePinnedSchemaOfItsKind() throws Exception {
    assertThat(resources).hasSizeGreaterThan(20);
    List<String> problems = new ArrayList<>();
    for (Resource resource : resources) {
      problems.addAll(problemsOf(resource));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theSchemasRefuseWhatTheOperatorsRefuse() throws Exception {
    Resource topic =
        resources.stream().filter(r -> r.kind().equals("KafkaTopic")).findFirst().get();
    assertThat(problemsOf(edited(topic, b -> b.put("apiVersion", "kafka.strimzi.io/v1beta2"))))
        .singleElement()
        .asString()
        .contains("no schema");
    assertThat(
            problemsOf(edited(topic, b -> ((ObjectNode) b.get("spec")).put("replicas", "three"))))
        .isNotEmpty();
    assertThat(problemsOf(edited(topic, b -> ((ObjectNode) b.get("spec")).put("replication", 3))))
        .isNotEmpty();
    Resource flink = ClusterManifests.ofKind("FlinkDeployment").get(0);
    assertThat(
            problemsOf(
                edited(flink, b -> ((ObjectNode) b.get("spec")).put("flinkVersion", "v2_9"))))
        .isNotEmpty();
    Resource statefulSet = ClusterManifests.ofKind("StatefulSet").get(0);
    assertThat(
            problemsOf(
                edited(statefulSet, b -> ((ObjectNode) b.get("spec")).put("servicename", "x"))))
        .singleElement()
        .asString()
        .contains("servicename");
  }

  @Test
  void flinkDeploymentsPassTheOperatorsRules() {
    List<Resource> deployments = ClusterManifests.ofKind("FlinkDeployment");
    assertThat(deployments).hasSize(2);
    for (Resource deployment : deployments) {
      assertThat(FlinkDeploymentRules.violations(deployment.spec()))
          .as(deployment.toString())
          .isEmpty();
    }
  }

  @Test
  void theRulesRefuseASavepointUpgradeWithoutItsDirectories() {
    Resource deployment = ClusterManifests.ofKind("FlinkDeployment").get(0);
    ObjectNode spec = deployment.spec().deepCopy();
    ((ObjectNode) spec.get("flinkConfiguration")).remove("execution.checkpointing.savepoint-dir");
    ((ObjectNode) spec.get("flinkConfiguration")).remove("execution.checkpointing.dir");
    assertThat(FlinkDeploymentRules.violations(spec))
        .anyMatch(v -> v.contains("checkpoint directory"))
        .anyMatch(v -> v.contains("savepoint directory"));
  }

  @Test
  void theRulesRefuseS3WithoutThePluginAndCredentials() {
    ObjectNode spec = ClusterManifests.ofKind("FlinkDeployment").get(0).spec().deepCopy();
    ((ObjectNode) spec.get("podTemplate").get("spec").get("containers").get(0)).remove("env");
    assertThat(FlinkDeploymentRules.violations(spec))
        .anyMatch(v -> v.contains("S3 plugin"))
        .anyMatch(v -> v.contains("credentials"));
  }

  @Test
  void everyImageIsOneTheBuildMakes() {
    List<String> images = new ArrayList<>();
    for (Resource resource : resources) {
      if (resource.kind().equals("FlinkDeployment")) {
        images.add(resource.spec().path("image").asText());
      }
      containers(resource).forEach(c -> images.add(c.path("image").asText()));
    }
    assertThat(images).hasSize(4).allSatisfy(image -> assertThat(BUILT_IMAGES).contains(image));
  }

  @Test
  void everyOspreyTopicIsAKafkaTopicThatTheClusterCanWrite() {
    Resource kafka = ClusterManifests.ofKind("Kafka").get(0);
    int brokers = ClusterManifests.ofKind("KafkaNodePool").get(0).spec().path("replicas").asInt();
    int clusterMinInsync =
        kafka.spec().path("kafka").path("config").path("min.insync.replicas").asInt();
    Map<String, Topic<?, ?>> expected =
        OspreyTopics.withPrefix("").all().stream().collect(Collectors.toMap(Topic::name, t -> t));
    List<Resource> topics = ClusterManifests.ofKind("KafkaTopic");
    assertThat(topics.stream().map(Resource::name))
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Resource topic : topics) {
      JsonNode config = topic.spec().path("config");
      int replicas = topic.spec().path("replicas").asInt();
      int minInsync = config.path("min.insync.replicas").asInt(clusterMinInsync);
      assertThat(replicas)
          .as(topic.toString())
          .isLessThanOrEqualTo(brokers)
          .isGreaterThan(minInsync);
      assertThat(config.path("cleanup.policy").asText("delete").equals("compact"))
          .as(topic + " compacted")
          .isEqualTo(expected.get(topic.name()).compacted());
    }
  }

  @Test
  void kafkaUsersGrantWhatOspreyPrincipalsSays() {
    Set<String> expected = new HashSet<>();
    for (AclBinding acl : OspreyPrincipals.acls(Settings.empty())) {
      expected.add(
          String.join(
              " ",
              acl.entry().principal().substring("User:".length()),
              acl.pattern().resourceType().name(),
              acl.pattern().name(),
              acl.pattern().patternType().name(),
              acl.entry().operation().name()));
    }
    Set<String> granted = new HashSet<>();
    List<Resource> users = ClusterManifests.ofKind("KafkaUser");
    for (Resource user : users) {
      assertThat(user.spec().path("authentication").path("type").asText())
          .isEqualTo("scram-sha-512");
      for (JsonNode rule : user.spec().path("authorization").path("acls")) {
        JsonNode resource = rule.path("resource");
        for (JsonNode operation : rule.path("operations")) {
          granted.add(
              String.join(
                  " ",
                  user.name(),
                  upperSnake(resource.path("type").asText()),
                  resource.path("name").asText(),
                  resource.path("patternType").asText().equals("prefix") ? "PREFIXED" : "LITERAL",
                  upperSnake(operation.asText())));
        }
      }
    }
    assertThat(users.stream().map(Resource::name))
        .containsExactlyInAnyOrderElementsOf(OspreyPrincipals.USERS);
    assertThat(granted).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void scorersAreReachableEachUnderItsOwnDnsName() {
    Resource statefulSet = ClusterManifests.ofKind("StatefulSet").get(0);
    String serviceName = statefulSet.spec().path("serviceName").asText();
    Resource service =
        ClusterManifests.ofKind("Service").stream()
            .filter(s -> s.name().equals(serviceName))
            .findFirst()
            .orElseThrow();
    assertThat(service.spec().path("clusterIP").asText()).isEqualTo("None");
    JsonNode podLabels = statefulSet.spec().path("template").path("metadata").path("labels");
    service
        .spec()
        .path("selector")
        .fields()
        .forEachRemaining(
            e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    JsonNode container = containers(statefulSet).get(0);
    assertThat(env(container).get(CommonSettingsNames.SCORING_HTTP_HOST))
        .startsWith("$(POD_NAME)." + serviceName + ".$(POD_NAMESPACE)");
    Set<String> ports = new HashSet<>();
    container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
    assertThat(ports).contains("http", "metrics");
    service
        .spec()
        .path("ports")
        .forEach(p -> assertThat(ports).contains(p.path("targetPort").asText()));
  }

  @Test
  void scorersRunWithTheGuaranteeOfTheLocalCluster() {
    Resource statefulSet = ClusterManifests.ofKind("StatefulSet").get(0);
    String guarantee =
        env(containers(statefulSet).get(0))
            .get(ScoringSettings.PROCESSING_GUARANTEE.environmentVariable());
    assertThat(guarantee).as(statefulSet + " sets the scoring guarantee").isNotNull();
    assertThat(ScoringSettings.PROCESSING_GUARANTEE.parse(guarantee))
        .isEqualTo(ClusterSettings.SCORING_GUARANTEE.defaultValue());
  }

  @Test
  void everyContainerHasProbesOnItsOwnPortsAndResourceRequests() {
    for (Resource resource : resources) {
      for (JsonNode container : containers(resource)) {
        Set<String> ports = new HashSet<>();
        container.path("ports").forEach(p -> ports.add(p.path("name").asText()));
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
          JsonNode get = container.path(probe).path("httpGet");
          assertThat(get.path("path").asText())
              .as(resource + " " + probe)
              .isIn("/health", "/ready");
          assertThat(ports).as(resource + " " + probe).contains(get.path("port").asText());
        }
        assertThat(container.path("resources").path("requests").has("cpu"))
            .as(resource.toString())
            .isTrue();
        assertThat(container.path("resources").path("requests").has("memory"))
            .as(resource.toString())
            .isTrue();
      }
    }
  }

  @Test
  void componentsLeaveTopicsToTheKafkaTopicsAndLogInAsTheirUser() {
    Set<String> users =
        ClusterManifests.ofKind("KafkaUser").stream()
            .map(Resource::name)
            .collect(Collectors.toSet());
    for (Resource resource : resources) {
      for (JsonNode container : containers(resource)) {
        Map<String, String> env = env(container);
        assertThat(env)
            .as(resource.toString())
            .containsEntry(CommonSettings.TOPIC_CREATE.environmentVariable(), "false")
            .containsEntry("OSPREY_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat(users).contains(env.get("OSPREY_KAFKA_SASL_USERNAME"));
      }
    }
  }

  @Test
  void everySecretIsWrittenByStrimziOrCreatedAsTheReadmeSays() throws Exception {
    String readme = Files.readString(ClusterManifests.directory().resolve("README.md"));
    Set<String> users =
        ClusterManifests.ofKind("KafkaUser").stream()
            .map(Resource::name)
            .collect(Collectors.toSet());
    Set<String> secrets = new HashSet<>();
    for (Resource resource : resources) {
      List<JsonNode> all = new ArrayList<>(containers(resource));
      resource.spec().path("podTemplate").path("spec").path("containers").forEach(all::add);
      for (JsonNode container : all) {
        container
            .path("env")
            .forEach(
                e -> {
                  JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                  if (!ref.isMissingNode()) {
                    secrets.add(ref.path("name").asText());
                  }
                });
      }
    }
    assertThat(secrets).contains("osprey-model-signing", "osprey-s3");
    for (String secret : secrets) {
      assertThat(
              users.contains(secret) || readme.contains("kubectl create secret generic " + secret))
          .as("secret " + secret + " is a KafkaUser's or created in cluster/README.md")
          .isTrue();
    }
  }

  /** The keys' variables, spelled by the settings themselves. */
  private static final class CommonSettingsNames {
    static final String SCORING_HTTP_HOST =
        io.osprey.scoring.ScoringSettings.HTTP_HOST.environmentVariable();
  }

  private static List<String> problemsOf(Resource resource) throws Exception {
    List<String> problems = new ArrayList<>();
    if (schemas.knows(resource.apiVersion(), resource.kind())) {
      schemas.validate(resource).forEach(m -> problems.add(resource + ": " + m.getMessage()));
    } else if (StrictKubernetesModel.knows(resource.apiVersion(), resource.kind())) {
      StrictKubernetesModel.unknownFields(resource.apiVersion(), resource.kind(), resource.body())
          .forEach(f -> problems.add(resource + ": unknown field " + f));
    } else {
      problems.add(
          resource
              + ": no schema for "
              + resource.apiVersion()
              + " "
              + resource.kind()
              + " (pinned: "
              + schemas.kinds()
              + ")");
    }
    return problems;
  }

  private static Resource edited(Resource resource, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode copy = resource.body().deepCopy();
    edit.accept(copy);
    return new Resource(resource.file(), copy);
  }

  /** The containers of a workload's pod template (none for other kinds). */
  private static List<JsonNode> containers(Resource resource) {
    JsonNode pod =
        switch (resource.kind()) {
          case "StatefulSet", "Deployment" -> resource.spec().path("template").path("spec");
          default -> null;
        };
    return pod == null
        ? List.of()
        : StreamSupport.stream(pod.path("containers").spliterator(), false).toList();
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new java.util.HashMap<>();
    container
        .path("env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText(null)));
    return env;
  }

  private static String upperSnake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
