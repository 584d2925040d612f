package io.osprey.system;

import io.osprey.platform.config.Setting;
import java.time.Duration;

/** Keys of the single-machine launcher; components read their own keys from the same settings. */
public final class DemoSettings {
  public static final Setting<Integer> KAFKA_PORT =
      Setting.integer(
          "demo.kafka.port",
          "Client port of the embedded broker; produce to and consume from localhost:<port>.",
          9092,
          0,
          65_535);
  public static final Setting<String> DATA_DIR =
      Setting.text(
          "demo.data.dir",
          "Where broker data, Flink checkpoints, Kafka Streams state and logs live between runs.",
          ".osprey");
  public static final Setting<Duration> STATUS_INTERVAL =
      Setting.duration(
          "demo.status.interval", "How often the status line is printed.", Duration.ofSeconds(5));
  public static final Setting<Integer> MONITOR_METRICS_PORT =
      Setting.integer(
          "demo.metrics.port",
          "Prometheus endpoint of the demo's own monitor (end-to-end latency, live precision).",
          9400,
          0,
          65_535);
  public static final Setting<Integer> FLINK_METRICS_PORT =
      Setting.integer(
          "demo.flink.metrics.port",
          "Prometheus endpoint of the embedded Flink job (Flink's own reporter).",
          9403,
          0,
          65_535);
  public static final Setting<Integer> FLINK_PARALLELISM =
      Setting.integer(
          "demo.flink.parallelism", "Parallelism of the embedded ingest job.", 2, 1, 64);
  public static final Setting<Boolean> SIMULATOR_ENABLED =
      Setting.flag("demo.simulator", "Run the built-in simulator as a data source.", true);

  /**
   * The outside-in monitor reads and decodes every prediction, example, dead letter and monitoring
   * event to draw the status line and the demo's latency and precision meters. It is the demo's
   * instrument, not part of the pipeline: the performance benchmark turns it off, since its driver
   * measures latency itself and the monitor's consumer and decoding took about 6 % of the process's
   * CPU samples at 250-1,000 events/s (bench module README, "Removed costs").
   */
  public static final Setting<Boolean> MONITOR_ENABLED =
      Setting.flag(
          "demo.monitor",
          "Run the outside-in monitor (end-to-end latency and live precision meters; ./osprey demo"
              + " always runs it for its status line).",
          true);

  public static final Setting<String> BIND_ADDRESS =
      Setting.text(
          "demo.bind.address",
          "Address the embedded Flink's REST API, BLOB server and RPC listen on (its metrics"
              + " endpoint follows metrics.bind.address); 0.0.0.0 in a container.",
          "127.0.0.1");
  public static final Setting<Boolean> KAFKA_SECURED =
      Setting.flag(
          "demo.kafka.secured",
          "Run the embedded broker with SASL/SCRAM and ACLs; each component logs in as its own"
              + " user (passwords in <data dir>/kafka/osprey-credentials.properties). Needs a new"
              + " data dir.",
          false);

  private DemoSettings() {}
}
