package io.osprey.scoring;

import io.osprey.schema.MonitoringEvent;

/**
 * Where envelope admission reports its decisions. Admission runs on Kafka Streams' global thread,
 * whose processors cannot forward to a sink node, so events leave through this side channel: a
 * producer in production ({@link ProducerMonitoringSink}), a list in tests.
 */
@FunctionalInterface
public interface MonitoringSink {
  void publish(MonitoringEvent event);

  /** Drops events: for callers that only want metrics. */
  MonitoringSink NONE = event -> {};
}
