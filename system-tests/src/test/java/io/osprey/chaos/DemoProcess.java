package io.osprey.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./osprey demo} in a JVM of its own (the launcher's java command, on this test's class
 * path), so that a test can kill it the way an operator's {@code kill -9} or the OOM killer would:
 * SIGKILL, with no shutdown hook, no savepoint, no flush.
 */
final class DemoProcess {
  private static final String RUNNING = "osprey: running.";

  private final Process process;
  private final Path stderr;

  private DemoProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  /**
   * Starts the demo with {@code dataDir} and Kafka on {@code port}; {@code arguments} are more demo
   * options ({@code --set key=value}, {@code --no-simulator}, ...). Output goes to files next to
   * the data directory, numbered by {@code run}.
   */
  static DemoProcess start(Path dataDir, int port, int run, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms256m",
            "-Xmx1g",
            "-XX:+UseParallelGC",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.osprey.schema",
            "-Dlog4j2.configurationFile=log4j2-osprey.xml",
            "-cp",
            System.getProperty("java.class.path"),
            "io.osprey.cli.OspreyCli",
            "demo",
            "--data-dir",
            dataDir.toString(),
            "--port",
            Integer.toString(port),
            // Every endpoint on a free port: the defaults may be taken on a shared machine.
            "--set",
            "demo.metrics.port=0",
            "--set",
            "demo.flink.metrics.port=0",
            "--set",
            "scoring.metrics.port=0",
            "--set",
            "scoring.http.port=0",
            "--set",
            "trainer.metrics.port=0",
            "--set",
            "console.port=0"));
    command.addAll(arguments);
    Path out = dataDir.resolveSibling(dataDir.getFileName() + "-run" + run + ".out");
    Path err = dataDir.resolveSibling(dataDir.getFileName() + "-run" + run + ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("OMP_NUM_THREADS", "1");
      return new DemoProcess(builder.start(), err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the demo", e);
    }
  }

  /** Waits for the demo's "running" line (its readiness probe passed); fails if it exits first. */
  DemoProcess awaitRunning(Duration deadline) {
    await()
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "the demo exited with " + process.exitValue() + ": " + errorOutput());
              }
              return errorOutput().contains(RUNNING);
            });
    return this;
  }

  /** SIGKILL (what {@link Process#destroyForcibly} sends on Linux), then waits for the exit. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the demo did not die within 30 s of SIGKILL");
    }
  }

  /** SIGTERM (the JVM runs its shutdown hooks, as on Ctrl-C), then waits up to {@code deadline}. */
  boolean stop(Duration deadline) throws InterruptedException {
    process.destroy();
    return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  String errorOutput() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "";
    }
  }
}
