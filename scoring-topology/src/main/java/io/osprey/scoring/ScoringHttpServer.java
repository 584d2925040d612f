package io.osprey.scoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.Prediction;
import io.osprey.schema.codec.EdgeCodec;
import io.osprey.schema.codec.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each instance's query endpoint (JDK HttpServer, JSON):
 *
 * <ul>
 *   <li>{@code GET /models}: the champion and challenger this instance serves, from its copy of the
 *       global model store;
 *   <li>{@code GET /predictions/{entityId}}: the entity's last prediction. Kafka Streams' metadata
 *       names the instance owning the entity's partition (advertised as {@code
 *       application.server}); another instance forwards the request there once ({@code
 *       X-Osprey-Forwarded} prevents loops). 404 when the entity has no prediction yet, 503 while
 *       the owner is unknown (rebalancing).
 * </ul>
 */
final class ScoringHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringHttpServer.class);
  private static final String FORWARDED = "X-Osprey-Forwarded";
  private static final String PREDICTIONS = "/predictions/";
  private static final EdgeCodec<Prediction> JSON = EdgeCodec.of(Prediction.class, WireFormat.JSON);

  private final HttpServer server;
  private final boolean lastPredictionsKept;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Supplier<KafkaStreams> streams = () -> null;
  private volatile HostInfo self;
  private volatile ServedModelAge age = new ServedModelAge();

  private ScoringHttpServer(HttpServer server, boolean lastPredictionsKept) {
    this.server = server;
    this.lastPredictionsKept = lastPredictionsKept;
  }

  /**
   * Binds {@code host:port} (port 0: any) and serves; {@link #attach} the streams once built.
   *
   * @param lastPredictionsKept whether the topology keeps {@link LastPredictionStore}
   */
  static ScoringHttpServer start(String host, int port, boolean lastPredictionsKept)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    ScoringHttpServer http = new ScoringHttpServer(server, lastPredictionsKept);
    server.createContext("/models", http::models);
    server.createContext(PREDICTIONS, http::prediction);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> new Thread(r, "osprey-scoring-http")));
    server.start();
    return http;
  }

  /** Starts answering from {@code kafkaStreams}, which advertises this server as {@code self}. */
  void attach(KafkaStreams kafkaStreams, HostInfo self) {
    attach(kafkaStreams, self, new ServedModelAge());
  }

  /** As {@link #attach(KafkaStreams, HostInfo)}, answering the champion's age from {@code age}. */
  void attach(KafkaStreams kafkaStreams, HostInfo self, ServedModelAge age) {
    this.age = age;
    this.self = self;
    this.streams = () -> kafkaStreams;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void models(HttpExchange exchange) throws IOException {
    KafkaStreams kafkaStreams = streams.get();
    if (!"GET".equals(exchange.getRequestMethod()) || kafkaStreams == null) {
      respond(exchange, kafkaStreams == null ? 503 : 405, error("not available"));
      return;
    }
    try {
      ReadOnlyKeyValueStore<String, ModelEnvelope> kv =
          kafkaStreams.store(
              StoreQueryParameters.fromNameAndType(
                  AdmittedModelStore.NAME,
                  QueryableStoreTypes.<String, ModelEnvelope>keyValueStore()));
      String body =
          "{\"champion\":"
              + describe(kv.get(AdmittedModelStore.headKey(ModelRole.CHAMPION)), age)
              + ",\"challenger\":"
              + describe(kv.get(AdmittedModelStore.headKey(ModelRole.CHALLENGER)), null)
              + "}";
      respond(exchange, 200, body);
    } catch (RuntimeException e) { // not queryable yet (starting, rebalancing)
      respond(exchange, 503, error(e.getMessage()));
    }
  }

  private void prediction(HttpExchange exchange) throws IOException {
    KafkaStreams kafkaStreams = streams.get();
    String path = exchange.getRequestURI().getRawPath();
    String entity = URLDecoder.decode(path.substring(PREDICTIONS.length()), StandardCharsets.UTF_8);
    if (!"GET".equals(exchange.getRequestMethod()) || entity.isEmpty() || kafkaStreams == null) {
      respond(exchange, kafkaStreams == null ? 503 : 400, error("GET /predictions/{entityId}"));
      return;
    }
    if (!lastPredictionsKept) {
      respond(exchange, 404, error("last predictions are not kept (scoring.last.predictions=off)"));
      return;
    }
    try {
      KeyQueryMetadata owner =
          kafkaStreams.queryMetadataForKey(
              LastPredictionStore.NAME, entity, Serdes.String().serializer());
      if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
        respond(exchange, 503, error("owner of " + entity + " unknown (rebalancing)"));
        return;
      }
      HostInfo active = owner.activeHost();
      if (!active.equals(self)) {
        forward(exchange, active, path);
        return;
      }
      ReadOnlyKeyValueStore<String, byte[]> kv =
          kafkaStreams.store(
              StoreQueryParameters.fromNameAndType(
                      LastPredictionStore.NAME, QueryableStoreTypes.<String, byte[]>keyValueStore())
                  .withPartition(owner.partition()));
      byte[] published = kv.get(entity);
      if (published == null) {
        respond(exchange, 404, error("no prediction for " + entity));
      } else {
        // As published (JSON or Avro, per predictions.format); answered as JSON either way.
        Prediction prediction = JSON.decode(published);
        respond(exchange, 200, new String(JSON.encode(prediction), StandardCharsets.UTF_8));
      }
    } catch (RuntimeException e) { // store migrating: the caller retries
      respond(exchange, 503, error(e.getMessage()));
    }
  }

  private void forward(HttpExchange exchange, HostInfo active, String path) throws IOException {
    if (exchange.getRequestHeaders().containsKey(FORWARDED)) {
      respond(exchange, 503, error("forwarded to an instance that does not own the entity"));
      return;
    }
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + active.host() + ":" + active.port() + path))
                  .header(FORWARDED, "1")
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      respond(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, error("interrupted"));
    } catch (IOException e) {
      respond(
          exchange, 502, error("owner " + active.host() + ":" + active.port() + " unreachable"));
    }
  }

  /**
   * The envelope's identity, threshold and training window end; with {@code age} (the champion),
   * its age on this instance once it has scored here: {@code ageEventTimeMillis} (newest scored
   * event minus {@code trainedThroughEventTime}) and {@code eventsSince} (events it scored here).
   */
  private static String describe(ModelEnvelope head, ServedModelAge age) {
    if (head == null) {
      return "null";
    }
    String served = "";
    if (age != null && age.version() == head.getVersion() && age.ageMillis() >= 0) {
      served =
          ",\"ageEventTimeMillis\":" + age.ageMillis() + ",\"eventsSince\":" + age.eventsSince();
    }
    return "{\"name\":\""
        + escape(head.getName())
        + "\",\"version\":"
        + head.getVersion()
        + ",\"threshold\":"
        + head.getThreshold()
        + ",\"parentVersion\":"
        + head.getParentVersion()
        + ",\"trainedThroughEventTime\":"
        + head.getTrainingWindow().getToEventTime()
        + ",\"trainedExamples\":"
        + head.getTrainingWindow().getExamples()
        + served
        + "}";
  }

  private static String error(String message) {
    return "{\"error\":\"" + escape(String.valueOf(message)) + "\"}";
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    LOG.debug("HTTP endpoint on port {} stopped", port());
  }
}
