package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' own kinds read into fabric8's model of them (kubernetes-model 7.8, Kubernetes 1.33
 * API): a field the model does not know lands in some object's {@code additionalProperties}, which
 * is what kubectl's strict field validation would refuse.
 */
final class StrictKubernetesModel {
  static final Map<String, Class<? extends KubernetesResource>> KINDS =
      Map.of(
          "v1 Service",
          Service.class,
          "apps/v1 StatefulSet",
          StatefulSet.class,
          "apps/v1 Deployment",
          Deployment.class);

  private StrictKubernetesModel() {}

  static boolean knows(String apiVersion, String kind) {
    return KINDS.containsKey(apiVersion + " " + kind);
  }

  /** The paths of fields the model does not know. */
  static List<String> unknownFields(String apiVersion, String kind, JsonNode body)
      throws Exception {
    Object model = ClusterManifests.YAML.treeToValue(body, KINDS.get(apiVersion + " " + kind));
    List<String> unknown = new ArrayList<>();
    walk(model, kind, unknown, new IdentityHashMap<>());
    return unknown;
  }

  private static void walk(
      Object node, String path, List<String> unknown, Map<Object, Boolean> seen) throws Exception {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = getter.invoke(node);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
      } else {
        walk(value, path + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }
}
