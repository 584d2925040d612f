package io.osprey.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final MetricsEndpoint endpoint;

  MetricsEndpointTest() throws Exception {
    endpoint = MetricsEndpoint.start(MetricsEndpoint.newRegistry(), 0);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void exportsTheJvmMetersBesideTheComponentsOwn() throws Exception {
    endpoint.registry().counter("osprey.test.things").increment();

    String scrape = get("/metrics").body();

    assertThat(scrape)
        .contains("osprey_test_things_total")
        .contains("jvm_memory_used_bytes{area=\"heap\"")
        .contains("jvm_threads_live_threads")
        .contains("jvm_gc_")
        .contains("process_cpu_usage");
  }

  @Test
  void isAliveButNotReadyUntilAComponentIsWatched() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("starting");
  }

  @Test
  void answersWhatTheWatchedComponentSays() throws Exception {
    AtomicReference<String> notReady = new AtomicReference<>("no partitions assigned");
    AtomicReference<String> failure = new AtomicReference<>();
    endpoint.watch(
        new ProcessHealth() {
          @Override
          public Optional<String> failure() {
            return Optional.ofNullable(failure.get());
          }

          @Override
          public Optional<String> notReady() {
            return Optional.ofNullable(notReady.get());
          }
        });

    assertThat(get("/ready").body()).contains("no partitions assigned");
    notReady.set(null);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    assertThat(get("/health").statusCode()).isEqualTo(200);

    failure.set("stream thread died \"badly\"");
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body())
        .isEqualTo("{\"status\":\"DOWN\",\"reason\":\"stream thread died \\\"badly\\\"\"}");
    assertThat(get("/ready").statusCode()).isEqualTo(503); // a failed process is not ready either
  }

  @Test
  void aCheckThatThrowsIsReportedNotFatal() throws Exception {
    endpoint.watch(
        new ProcessHealth() {
          @Override
          public Optional<String> notReady() {
            throw new IllegalStateException("store closed");
          }
        });

    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("store closed");
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }
}
