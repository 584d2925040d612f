package io.osprey.system.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks an Osprey process's metrics endpoint for {@code /health} and {@code /ready}. */
final class HttpProbe {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The answer of one endpoint: its status code (-1: no answer) and body. */
  record Answer(int status, String body) {
    boolean ok() {
      return status == 200;
    }
  }

  private HttpProbe() {}

  static Answer get(int port, String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + ClusterProcesses.LOOPBACK + ":" + port + path))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted");
    }
  }

  /** Healthy when {@code /health} answers 200; the detail says whether it is also ready. */
  static ProcessStatus check(String name, long pid, int port) {
    Answer health = get(port, "/health");
    if (!health.ok()) {
      return new ProcessStatus(
          name, pid, false, "/health: " + health.status() + " " + health.body());
    }
    Answer ready = get(port, "/ready");
    return new ProcessStatus(
        name, pid, true, ready.ok() ? "ready (port " + port + ")" : "not ready: " + ready.body());
  }
}
