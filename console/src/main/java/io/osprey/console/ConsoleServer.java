package io.osprey.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The console's HTTP side (JDK HttpServer):
 *
 * <ul>
 *   <li>{@code GET /}: the page; {@code GET /app.js}, {@code /app.css}: its script and styles,
 *       bundled into the jar at build time (nothing is fetched from elsewhere at run time);
 *   <li>{@code GET /api/state}: what the page draws, as JSON;
 *   <li>{@code GET /api/stream}: the same as server-sent events, one every {@link #PUSH_EVERY};
 *   <li>{@code POST /api/review/{eventId}} with {@code {"verdict": "fraud" | "legitimate"}}: an
 *       analyst's verdict ({@link ReviewDesk}). JSON only: a cross-site form cannot post it without
 *       a CORS preflight, which this server never grants.
 * </ul>
 */
final class ConsoleServer implements AutoCloseable {
  static final Duration PUSH_EVERY = Duration.ofSeconds(1);
  private static final int MAX_STREAMS = 8;
  private static final String REVIEW = "/api/review/";
  private static final String WEB = "/io/osprey/console/web/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<Map<String, Object>> snapshot;
  private final ReviewDesk desk;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);
  private volatile boolean open = true;

  private ConsoleServer(
      HttpServer server,
      ExecutorService executor,
      Supplier<Map<String, Object>> snapshot,
      ReviewDesk desk) {
    this.server = server;
    this.executor = executor;
    this.snapshot = snapshot;
    this.desk = desk;
  }

  static ConsoleServer start(
      String host, int port, Supplier<Map<String, Object>> snapshot, ReviewDesk desk)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            MAX_STREAMS + 4,
            r -> {
              Thread thread = new Thread(r, "osprey-console-http");
              thread.setDaemon(true);
              return thread;
            });
    ConsoleServer console = new ConsoleServer(server, executor, snapshot, desk);
    server.createContext("/", console::page);
    server.createContext("/api/state", console::state);
    server.createContext("/api/stream", console::stream);
    server.createContext(REVIEW, console::review);
    server.setExecutor(executor);
    server.start();
    return console;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void page(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String file =
        switch (path) {
          case "/", "/index.html" -> "index.html";
          case "/app.js" -> "app.js";
          case "/app.css" -> "app.css";
          default -> null;
        };
    if (!"GET".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "only GET here");
      return;
    }
    if (file == null) {
      error(exchange, 404, "no such page: " + path);
      return;
    }
    try (InputStream in = ConsoleServer.class.getResourceAsStream(WEB + file)) {
      if (in == null) {
        error(exchange, 500, file + " is missing from the jar (was the console built with npm?)");
        return;
      }
      String type =
          file.endsWith(".js")
              ? "text/javascript"
              : file.endsWith(".css") ? "text/css" : "text/html";
      respond(exchange, 200, type + "; charset=utf-8", in.readAllBytes());
    }
  }

  private void state(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "only GET here");
      return;
    }
    respond(exchange, 200, "application/json", JSON.writeValueAsBytes(snapshot.get()));
  }

  private void stream(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "only GET here");
      return;
    }
    if (!streams.tryAcquire()) {
      error(exchange, 503, "too many open consoles (" + MAX_STREAMS + ")");
      return;
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        while (open) {
          out.write(("data: " + json(snapshot.get()) + "\n\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(PUSH_EVERY.toMillis());
        }
      }
    } catch (IOException e) {
      // the page was closed: nothing to clean but the permit
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.release();
      exchange.close();
    }
  }

  private void review(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "POST a verdict here");
      return;
    }
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      error(exchange, 415, "send the verdict as application/json");
      return;
    }
    String eventId =
        URLDecoder.decode(
            exchange.getRequestURI().getRawPath().substring(REVIEW.length()),
            StandardCharsets.UTF_8);
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(ReviewDesk.MAX_BODY_BYTES + 1);
    }
    ReviewDesk.Outcome outcome = desk.submit(eventId, body);
    if (outcome.written()) {
      respond(
          exchange,
          200,
          "application/json",
          json(Map.of("eventId", eventId, "message", outcome.message()))
              .getBytes(StandardCharsets.UTF_8));
    } else {
      error(exchange, outcome.status(), outcome.message());
    }
  }

  private static String json(Object value) throws JsonProcessingException {
    return JSON.writeValueAsString(value);
  }

  private static void error(HttpExchange exchange, int status, String reason) throws IOException {
    respond(
        exchange,
        status,
        "application/json",
        json(Map.of("error", reason)).getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    open = false;
    server.stop(0);
    executor.shutdownNow();
  }
}
