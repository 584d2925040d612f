package io.osprey.system.cluster;

import io.osprey.platform.config.Setting;
import io.osprey.scoring.ScoringSettings;
import io.osprey.scoring.ScoringSettings.Guarantee;
import java.time.Duration;

/**
 * Keys of the local multi-process cluster ({@code ./osprey cluster up|status|down|chaos}). The
 * components it starts read their own keys from the same settings; ports are chosen free on the
 * first {@code up} and kept in {@code <cluster dir>/cluster.properties}.
 */
public final class ClusterSettings {
  public static final Setting<String> DIR =
      Setting.text(
          "cluster.dir",
          "Where the local cluster keeps its layout, pid files, logs and data.",
          ".osprey/cluster");

  /** Built by the flink-lib module: Flink's runtime jars from Maven Central and log4j. */
  public static final Setting<String> FLINK_LIB =
      Setting.text(
          "cluster.flink.lib",
          "Directory of the Flink runtime jars the job manager and task managers run on (the"
              + " lib/ of a Flink distribution; built into flink-lib/target/lib).",
          "flink-lib/target/lib");

  public static final Setting<String> INGEST_JOB_JAR =
      Setting.text(
          "cluster.ingest.job.jar",
          "The stream-ingest job jar submitted to the session cluster, or a directory holding"
              + " exactly one *-job.jar.",
          "stream-ingest/target");

  public static final Setting<Integer> SCORERS =
      Setting.integer("cluster.scorers", "Scoring instances the cluster runs.", 2, 1, 8);

  public static final Setting<Boolean> SIMULATOR =
      Setting.flag(
          "cluster.simulator",
          "Run the simulator as the cluster's event source (false: bring your own events).",
          true);

  public static final Setting<Boolean> KAFKA_SECURED =
      Setting.flag(
          "cluster.kafka.secured",
          "SASL/SCRAM-SHA-256 and ACLs on the brokers' client listener; each component logs in as"
              + " its own user (passwords in <cluster dir>/data/kafka-credentials, passed to each"
              + " process in its environment). Fixed at the first 'up'.",
          false);

  /**
   * Exactly-once here, where the scorer's own default is at-least-once: the cluster's scorers are
   * processes an orchestrator may SIGKILL, and an at-least-once scorer killed after sending a
   * prediction but before its commit scores the event again on restart, by then possibly with a
   * newer model, and the part of its emitted-decisions changelog written since the last commit may
   * be lost with it, so the event can get a second, different decision (13 of 13,817 payments in
   * the cluster chaos test, deploy/cluster/README.md). Under exactly_once_v2 the prediction, the
   * decision remembered for it and the consumed offset commit together or not at all. The cost is
   * latency: a prediction is visible to read_committed consumers only after its transaction
   * commits, every 100 ms by default ({@link ScoringSettings#COMMIT_INTERVAL}).
   */
  public static final Setting<Guarantee> SCORING_GUARANTEE =
      Setting.choice(
          "cluster.scoring.guarantee",
          "Processing guarantee of the cluster's scorers, passed to each as "
              + ScoringSettings.PROCESSING_GUARANTEE.key()
              + ": exactly_once_v2 (default: a SIGKILLed scorer never emits a second decision) or"
              + " at_least_once. Setting "
              + ScoringSettings.PROCESSING_GUARANTEE.key()
              + " to another value is refused.",
          Guarantee.class,
          Guarantee.EXACTLY_ONCE_V2);

  public static final Setting<Duration> START_TIMEOUT =
      Setting.duration(
          "cluster.start.timeout",
          "How long 'cluster up' waits for each step (brokers, Flink, job, components).",
          Duration.ofMinutes(4));

  public static final Setting<Duration> STOP_TIMEOUT =
      Setting.duration(
          "cluster.stop.timeout",
          "How long 'cluster down' waits for a process to exit after SIGTERM before SIGKILL.",
          Duration.ofSeconds(60));

  private ClusterSettings() {}
}
