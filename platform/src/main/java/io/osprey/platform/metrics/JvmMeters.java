package io.osprey.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM meters every process publishes (Micrometer's binders, so the names are the ones Grafana's
 * JVM dashboards expect): heap and non-heap ({@code jvm_memory_*}), garbage collection ({@code
 * jvm_gc_*}), threads ({@code jvm_threads_*}), classes, CPU ({@code process_cpu_usage}, {@code
 * system_cpu_usage}) and uptime. The GC binder listens to JMX notifications, so it is closed with
 * the endpoint that owns it.
 */
final class JvmMeters implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  JvmMeters(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
