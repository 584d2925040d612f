package io.osprey.deploy.cli;

import io.osprey.deploy.bench.BenchPlan;
import io.osprey.deploy.bench.BenchRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures end-to-end latency and throughput at a series of rates, for Osprey and for a"
          + " pass-through baseline of the same shape, and writes a Markdown report, CSV files and"
          + " PNG charts."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--plan",
      defaultValue = "quick",
      description = "quick (about 5 minutes), full (about 20 minutes) or smoke (seconds).")
  String plan;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Report folder (default reports/bench-<time>; reports/ is not committed).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dir =
        out != null
            ? out
            : Path.of(
                "reports",
                "bench-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path report = new BenchRun(BenchPlan.named(plan), dir, System.err).run();
    System.out.println(report.toAbsolutePath());
    return 0;
  }
}
