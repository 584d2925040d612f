package io.osprey.platform.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A process's operational endpoint over one Micrometer registry: {@code GET /metrics} (Prometheus
 * text, the registry plus the JVM meters of {@link JvmMeters}), {@code GET /health} (200 while the
 * process is alive, 503 with the reason once it has failed) and {@code GET /ready} (200 once it is
 * ready for work, 503 with the reason before). Each Osprey process has one; port 0 picks a free
 * port, which {@link #port()} then reports. Until a component is {@link #watch watched}, the
 * process is alive but not ready ("starting").
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static final ProcessHealth STARTING =
      new ProcessHealth() {
        @Override
        public Optional<String> notReady() {
          return Optional.of("starting");
        }
      };

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final JvmMeters jvm;
  private volatile ProcessHealth health = STARTING;

  private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server, JvmMeters jvm) {
    this.registry = registry;
    this.server = server;
    this.jvm = jvm;
  }

  /** A fresh registry for one component. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** An endpoint on localhost only (the demo's default). */
  public static MetricsEndpoint start(PrometheusMeterRegistry registry, int port)
      throws IOException {
    return start(registry, "localhost", port);
  }

  /**
   * An endpoint on {@code host} ({@code 0.0.0.0} in a container, so that Prometheus can scrape it
   * from outside the pod).
   */
  public static MetricsEndpoint start(PrometheusMeterRegistry registry, String host, int port)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    MetricsEndpoint endpoint = new MetricsEndpoint(registry, server, new JvmMeters(registry));
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4", registry.scrape().getBytes(UTF8)));
    server.createContext("/health", exchange -> endpoint.answer(exchange, true));
    server.createContext("/ready", exchange -> endpoint.answer(exchange, false));
    server.start();
    return endpoint;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  /** From now on {@code /health} and {@code /ready} answer what {@code component} says. */
  public MetricsEndpoint watch(ProcessHealth component) {
    this.health = component;
    return this;
  }

  private void answer(HttpExchange exchange, boolean liveness) throws IOException {
    Optional<String> problem;
    try {
      ProcessHealth now = health;
      problem = now.failure();
      if (problem.isEmpty() && !liveness) {
        problem = now.notReady();
      }
    } catch (RuntimeException e) { // a check that throws is an answer too, not a dead endpoint
      problem = Optional.of("health check failed: " + e);
    }
    String body =
        problem
            .map(reason -> "{\"status\":\"DOWN\",\"reason\":\"" + escape(reason) + "\"}")
            .orElse(liveness ? "{\"status\":\"UP\"}" : "{\"status\":\"READY\"}");
    respond(exchange, problem.isEmpty() ? 200 : 503, "application/json", body.getBytes(UTF8));
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    server.stop(0);
    jvm.close();
  }
}
