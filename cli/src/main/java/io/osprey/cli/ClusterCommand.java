package io.osprey.cli;

import io.osprey.system.cluster.Launcher;
import io.osprey.system.cluster.LocalCluster;
import io.osprey.system.cluster.ProcessStatus;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./osprey cluster up|status|down}: Osprey as separate processes on this machine (see
 * deploy/cluster/README.md, "A real cluster on one machine").
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Osprey as separate processes on this machine: 3 KRaft Kafka brokers, a Flink session"
          + " cluster (job manager, 2 task managers) running the ingest job on RocksDB, 2 scorers,"
          + " a trainer and the simulator. Logs and pid files under cluster.dir (.osprey/cluster)."
    },
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Status.class, ClusterCommand.Down.class})
final class ClusterCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** This launcher, as the cluster's own Osprey processes run it. */
  static Launcher launcher() {
    return new Launcher(OspreyCli.class.getName(), System.getProperty("java.class.path"));
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Starts every process that is not running, in order, waiting for each; prints the"
              + " status table at the end. Exit code 0 when all are healthy.")
  static final class Up implements Callable<Integer> {
    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      LocalCluster cluster = LocalCluster.create(settingsOptions.load(), launcher(), System.err);
      cluster.up();
      return Status.print(cluster.status());
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "One line per process: pid, healthy or DOWN, and what its check saw (broker in the"
              + " cluster, task manager registered, job RUNNING, /health and /ready). Exit code 0"
              + " when all are healthy, 1 otherwise.")
  static final class Status implements Callable<Integer> {
    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      return print(LocalCluster.existing(settingsOptions.load(), launcher(), System.err).status());
    }

    static int print(List<ProcessStatus> statuses) {
      System.out.print(ProcessStatus.table(statuses));
      return statuses.stream().allMatch(ProcessStatus::healthy) ? 0 : 1;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description =
          "Stops every process in reverse order with SIGTERM (the ingest job with a savepoint);"
              + " SIGKILL only after cluster.stop.timeout. Data stays; the next 'up' resumes.")
  static final class Down implements Callable<Integer> {
    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      LocalCluster.existing(settingsOptions.load(), launcher(), System.err).down();
      return 0;
    }
  }
}
