package io.osprey.system;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter, listening on one address instead of all of them: Flink 2.2's own
 * {@code PrometheusReporter} has no host option and binds the wildcard address. Configured as
 * {@code metrics.reporter.prom.factory.class} with {@code host} and {@code port}; the metrics it
 * serves are those of Flink's reporter (the same base class renders them).
 */
public final class BoundPrometheusReporter extends AbstractPrometheusReporter {
  static final String ARG_HOST = "host";
  static final String ARG_PORT = "port";

  private final HTTPServer server;

  BoundPrometheusReporter(String host, int port) {
    try {
      server = new HTTPServer(new InetSocketAddress(host, port), registry(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start Flink's Prometheus endpoint on " + host + ":" + port, e);
    }
    log.info("Flink's Prometheus endpoint listens on {}:{}", host, server.getPort());
  }

  /**
   * The base class's registry: it is package-private there, and the reporter must serve exactly
   * what the base class registers in it.
   */
  private CollectorRegistry registry() {
    try {
      Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
      field.setAccessible(true);
      return (CollectorRegistry) field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Flink version's Prometheus reporter has changed", e);
    }
  }

  @Override
  public void close() {
    server.stop();
    super.close();
  }

  /** Creates the reporter from {@code metrics.reporter.<name>.host} and {@code .port}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      MetricConfig config = (MetricConfig) properties;
      return new BoundPrometheusReporter(
          config.getString(ARG_HOST, "127.0.0.1"), config.getInteger(ARG_PORT, 9249));
    }
  }
}
