package io.osprey.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard in {@code deploy/grafana}, read as JSON: its panels, their PromQL queries,
 * and the metric names those queries name. The parser knows just enough PromQL for the dashboard's
 * queries: it drops strings, label matchers, range and offset brackets, grouping clauses and
 * function names, and keeps the identifiers left.
 */
public final class GrafanaDashboard {
  public static final Path FILE = locate();

  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "offset",
          "bool",
          "inf",
          "nan");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?[a-zA-Z_]+}?");

  private final JsonNode root;

  private GrafanaDashboard(JsonNode root) {
    this.root = root;
  }

  public static GrafanaDashboard load() throws IOException {
    return new GrafanaDashboard(new ObjectMapper().readTree(Files.readAllBytes(FILE)));
  }

  public JsonNode root() {
    return root;
  }

  /** Every panel, those inside collapsed rows included. */
  public List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : root.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  /** The PromQL of every target of every panel. */
  public List<String> queries() {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(target.path("expr").asText());
      }
    }
    return queries;
  }

  /** The metric names {@code query} reads. */
  public static Set<String> metricNames(String query) {
    String rest = GRAFANA_VARIABLE.matcher(query).replaceAll("1m");
    rest = STRING.matcher(rest).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String token = m.group();
      boolean function = m.group(1) != null;
      boolean number = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
      if (!function && !number && !KEYWORDS.contains(token)) {
        names.add(token);
      }
    }
    return names;
  }

  /** Every metric name the dashboard reads. */
  public Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    queries().forEach(query -> names.addAll(metricNames(query)));
    return names;
  }

  /** The sample names in a Prometheus text exposition ({@code name{labels} value}). */
  public static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.length();
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      if (brace >= 0) {
        end = Math.min(end, brace);
      }
      if (space >= 0) {
        end = Math.min(end, space);
      }
      names.add(line.substring(0, end));
    }
    return names;
  }

  private static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("deploy/grafana/osprey-dashboard.json");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return Path.of("deploy/grafana/osprey-dashboard.json");
  }
}
