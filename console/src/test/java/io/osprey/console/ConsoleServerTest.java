package io.osprey.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's HTTP side on a real socket: the page, the state, the stream and the verdicts. */
class ConsoleServerTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ReviewQueue queue = new ReviewQueue(10);
  private final RecordingLabelWriter labels = new RecordingLabelWriter();
  private final ConsoleServer server;
  private final String base;

  ConsoleServerTest() throws Exception {
    queue.add(new ReviewQueue.Item("e-1", "card-1", 0.45, 0.5, 3, 1_000, List.of(), List.of()));
    server =
        ConsoleServer.start(
            "127.0.0.1",
            0,
            () -> Map.of("review", queue.newestFirst(10)),
            new ReviewDesk(queue, labels, () -> 7L));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String type, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageAndItsBundledScriptAndStyles() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("src=\"/app.js\"").contains("review-queue");
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://"); // no CDN

    HttpResponse<String> script = get("/app.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
    assertThat(script.body()).contains("EventSource").contains("/api/review/");
    assertThat(get("/app.css").statusCode()).isEqualTo(200);
    assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void answersTheStateAsJsonAndStreamsItAsServerSentEvents() throws Exception {
    HttpResponse<String> state = get("/api/state");
    assertThat(state.statusCode()).isEqualTo(200);
    assertThat(state.body()).contains("\"eventId\":\"e-1\"");

    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/stream")).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream");
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String first = events.readLine();
      assertThat(first).startsWith("data: {").contains("e-1");
      assertThat(events.readLine()).isEmpty();
      assertThat(events.readLine()).startsWith("data: {"); // the next push, a second later
    }
  }

  @Test
  void aVerdictIsTakenOnceAndBadRequestsGetAReason() throws Exception {
    assertThat(post("/api/review/e-1", null, "{\"verdict\":\"fraud\"}").statusCode())
        .isEqualTo(415);
    assertThat(get("/api/review/e-1").statusCode()).isEqualTo(405);
    HttpResponse<String> unknown =
        post("/api/review/e-9", "application/json", "{\"verdict\":\"fraud\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"error\":").contains("e-9");
    assertThat(post("/api/review/e-1", "application/json", "{\"verdict\":1}").statusCode())
        .isEqualTo(400);
    assertThat(labels.written).isEmpty();

    HttpResponse<String> taken =
        post("/api/review/e-1", "application/json; charset=utf-8", "{\"verdict\":\"fraud\"}");
    assertThat(taken.statusCode()).isEqualTo(200);
    assertThat(taken.body()).contains("labelled fraud");
    HttpResponse<String> again =
        post("/api/review/e-1", "application/json", "{\"verdict\":\"legitimate\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(labels.written).hasSize(1);
    assertThat(get("/api/state").body()).contains("\"verdict\":\"fraud\"");
  }
}
