package io.osprey.system.cluster;

import java.util.List;

/**
 * One line of {@code cluster status}: a process (or the ingest job, which has no process of its
 * own), its pid, whether it is healthy and what says so.
 *
 * @param pid the process id, or -1 when it is not running (or is not a process)
 * @param healthy alive and passing its own check (broker in the cluster, task manager registered,
 *     job running, {@code /health} answering 200)
 * @param detail what the check saw, e.g. {@code ready} or the reason it is not
 */
public record ProcessStatus(String name, long pid, boolean healthy, String detail) {
  /** The status lines as a table, one process a line. */
  public static String table(List<ProcessStatus> statuses) {
    StringBuilder out =
        new StringBuilder(
            String.format("%-22s %8s  %-8s %s%n", "PROCESS", "PID", "STATE", "DETAIL"));
    for (ProcessStatus status : statuses) {
      out.append(
          String.format(
              "%-22s %8s  %-8s %s%n",
              status.name(),
              status.pid() < 0 ? "-" : String.valueOf(status.pid()),
              status.healthy() ? "healthy" : "DOWN",
              status.detail()));
    }
    return out.toString();
  }
}
