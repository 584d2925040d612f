package io.osprey.system;

import io.osprey.platform.config.Settings;
import io.osprey.system.monitor.StatusReport;
import io.osprey.trainer.OnlineTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * {@code ./osprey demo}: starts {@link OspreySystem}, prints a status line every few seconds, and
 * stops on Ctrl-C, after {@code --duration}, or once {@code --events} events have been scored,
 * printing the one-line JSON summary to stdout.
 */
public final class DemoRun implements Callable<Integer> {
  /** How long --events may take beyond what the rate implies before the run is declared stuck. */
  private static final Duration EVENTS_GRACE = Duration.ofMinutes(3);

  private static final long POLL_MILLIS = 200;

  /**
   * How long Ctrl-C waits for an orderly stop (Flink, Streams and the trainer each have their own
   * bounded close); after it the JVM halts regardless.
   */
  private static final Duration SHUTDOWN_BUDGET = Duration.ofMinutes(3);

  /** Components are checked for failure this often (each check asks Flink for its job status). */
  private static final long HEALTH_CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Settings settings;
  private final Long targetEvents;
  private final Duration duration;
  private final boolean fresh;
  private final PrintStream status = System.err;
  private final PrintStream summary = System.out;

  public DemoRun(Settings settings, Long targetEvents, Duration duration, boolean fresh) {
    this.settings = settings;
    this.targetEvents = targetEvents;
    this.duration = duration;
    this.fresh = fresh;
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = Path.of(settings.get(DemoSettings.DATA_DIR)).toAbsolutePath();
    if (fresh) {
      deleteRecursively(dataDir);
    }
    Files.createDirectories(dataDir);
    System.setProperty("osprey.log.file", dataDir.resolve("osprey.log").toString());
    status.println(
        "osprey: starting broker, Flink job, scorer, trainer and simulator (logs: "
            + dataDir.resolve("osprey.log")
            + ")");

    AtomicBoolean stopRequested = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopRequested.set(true);
              try {
                stopped.await(SHUTDOWN_BUDGET.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "osprey-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    long startNanos = System.nanoTime();
    int exitCode = 0;
    // The status line is the monitor's: the demo always runs it.
    try (OspreySystem system =
        OspreySystem.start(settings.with(DemoSettings.MONITOR_ENABLED, true))) {
      status.printf(
          "osprey: running. Kafka on %s: produce JSON to '%s' and '%s', read '%s'. Ctrl-C stops.%n",
          system.bootstrapServers(),
          system.topics().transactions().name(),
          system.topics().labels().name(),
          system.topics().predictions().name());
      if (system.consolePort() >= 0) {
        status.printf("osprey: console on http://localhost:%d/%n", system.consolePort());
      }
      system
          .kafkaCredentials()
          .ifPresent(
              file ->
                  status.printf(
                      "osprey: Kafka needs SASL/SCRAM-SHA-256 logins; users and passwords in %s%n",
                      file));
      exitCode = watch(system, startNanos, stopRequested);
      system.monitor().takeIntervalLatency(); // fold the last interval into the run's total
      StatusReport last = report(system, system.monitor().cumulativeLatency());
      status.println(last.statusLine(elapsedSeconds(startNanos)) + driftStatus(system));
      summary.println(withDrift(last.summaryJson(), system));
      summary.flush();
    } finally {
      stopped.countDown();
      if (!stopRequested.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
    return exitCode;
  }

  private int watch(OspreySystem system, long startNanos, AtomicBoolean stopRequested)
      throws InterruptedException {
    long intervalNanos = settings.get(DemoSettings.STATUS_INTERVAL).toNanos();
    long nextStatus = System.nanoTime() + intervalNanos;
    Long deadline = eventsDeadline(startNanos);
    long nextHealthCheck = System.nanoTime() + HEALTH_CHECK_NANOS;
    while (!stopRequested.get()) {
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      long now = System.nanoTime();
      if (now >= nextHealthCheck) {
        Optional<String> problem = system.problem();
        if (problem.isPresent()) {
          status.println("osprey: stopping because " + problem.get() + "; see the log");
          return 2;
        }
        nextHealthCheck = now + HEALTH_CHECK_NANOS;
      }
      if (now >= nextStatus) {
        Histogram interval = system.monitor().takeIntervalLatency();
        status.println(
            report(system, interval).statusLine(elapsedSeconds(startNanos)) + driftStatus(system));
        nextStatus += intervalNanos;
      }
      if (duration != null && now - startNanos >= duration.toNanos()) {
        return 0;
      }
      if (targetEvents != null && system.monitor().predictions() >= targetEvents) {
        return 0;
      }
      if (deadline != null && now > deadline) {
        status.printf(
            "osprey: only %,d of %,d events were scored in time; see the log%n",
            system.monitor().predictions(), targetEvents);
        return 1;
      }
    }
    return 0;
  }

  private Long eventsDeadline(long startNanos) {
    if (targetEvents == null) {
      return null;
    }
    double rate = settings.get(io.osprey.sources.simulator.SimulatorSettings.RATE);
    long expectedSeconds = (long) (targetEvents / rate);
    return startNanos + TimeUnit.SECONDS.toNanos(expectedSeconds) + EVENTS_GRACE.toNanos();
  }

  private static StatusReport report(OspreySystem system, Histogram latency) {
    return StatusReport.of(
        system.monitor(),
        latency,
        system.servedModelVersion(),
        system.servedModelAgeMillis(),
        system.servedModelAgeEvents());
  }

  private static String driftStatus(OspreySystem system) {
    return driftStatus(system.driftCounts());
  }

  /**
   * " | drift alerts 3, retrains 1 | retrain done: published v12 → gate kept champion v9 (...)"
   * once the drift monitor has raised an alert: the counts, then the latest action and its outcome.
   */
  static String driftStatus(OnlineTrainer.DriftCounts drift) {
    if (drift.alerts() == 0) {
      return "";
    }
    return String.format(
            Locale.ROOT, " | drift alerts %,d, retrains %,d", drift.alerts(), drift.retrains())
        + (drift.latest() == null ? "" : " | " + drift.latest());
  }

  /** The summary with the drift monitor's counts and the console's address added at its end. */
  static String withDrift(String summaryJson, OspreySystem system) {
    OnlineTrainer.DriftCounts drift = system.driftCounts();
    String console =
        system.consolePort() < 0 ? "null" : "\"http://localhost:" + system.consolePort() + "/\"";
    return summaryJson.substring(0, summaryJson.lastIndexOf('}'))
        + String.format(
            Locale.ROOT,
            ",\"driftAlerts\":%d,\"retrains\":%d,\"consoleUrl\":%s}",
            drift.alerts(),
            drift.retrains(),
            console);
  }

  private static long elapsedSeconds(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
