package io.osprey.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in {@code deploy/grafana} has the structure Grafana imports (a dashboard model with
 * panels that each have a place, a type, a data source and queries). Whether every metric those
 * queries name is exported is checked against the running system in {@code
 * ConsoleBrowserIntegrationTest}.
 */
class GrafanaDashboardTest {
  private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat", "gauge");

  @Test
  void isADashboardModelGrafanaCanImport() throws Exception {
    JsonNode root = GrafanaDashboard.load().root();
    assertThat(root.isObject()).isTrue();
    assertThat(root.path("title").asText()).isNotBlank();
    assertThat(root.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
    assertThat(root.path("schemaVersion").isInt()).isTrue();
    assertThat(root.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    assertThat(root.path("panels").isArray()).isTrue();
    assertThat(root.path("time").path("from").asText()).isNotBlank();
    JsonNode variables = root.path("templating").path("list");
    assertThat(variables.isArray()).isTrue();
    assertThat(variables.findValuesAsText("name")).contains("datasource");
  }

  @Test
  void everyPanelHasAPlaceATypeAndQueries() throws Exception {
    GrafanaDashboard dashboard = GrafanaDashboard.load();
    List<JsonNode> panels = dashboard.panels();
    assertThat(panels).hasSizeGreaterThan(10);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertThat(title).as("a panel's title").isNotBlank();
      assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
      assertThat(PANEL_TYPES).as("type of " + title).contains(panel.path("type").asText());
      JsonNode grid = panel.path("gridPos");
      for (String field : List.of("x", "y", "w", "h")) {
        assertThat(grid.path(field).isInt()).as(title + " gridPos." + field).isTrue();
      }
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      JsonNode targets = panel.path("targets");
      assertThat(targets.size()).as("queries of " + title).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : targets) {
        assertThat(refIds.add(target.path("refId").asText())).as(title + " refId").isTrue();
        String expr = target.path("expr").asText();
        assertThat(GrafanaDashboard.metricNames(expr)).as("metrics of " + expr).isNotEmpty();
      }
    }
  }

  @Test
  void readsMetricNamesOutOfPromQl() {
    assertThat(
            GrafanaDashboard.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(osprey_scoring_latency_seconds_bucket"
                    + "{job=\"scorer\"}[$__rate_interval])))"))
        .containsExactly("osprey_scoring_latency_seconds_bucket");
    assertThat(
            GrafanaDashboard.metricNames(
                "max by (job, instance) (jvm_threads_live_threads) / on (job) up offset 5m"))
        .containsExactly("jvm_threads_live_threads", "up");
    assertThat(
            GrafanaDashboard.sampleNames(
                "# HELP x\n# TYPE x counter\nx_total{a=\"b c\"} 1.0\ny 2\n"))
        .containsExactly("x_total", "y");
  }
}
