package io.osprey.system.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operating-system side of the local cluster: starts each {@link ProcessSpec} detached from the
 * launcher (its own session, so that the launcher may exit and Ctrl-C in its terminal reaches only
 * the launcher), with stdout and stderr appended to its log and its pid in its pid file; finds a
 * process again from its pid file; stops it with SIGTERM (then SIGKILL after a deadline) or kills
 * it with SIGKILL. A pid is trusted only while the process holding it carries this cluster's marker
 * for that name, so a stale pid file never leads to signalling another program.
 */
public final class ClusterProcesses {
  static final String LOOPBACK = "127.0.0.1";
  static final String MARKER_PROPERTY = "osprey.cluster.process";
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final ClusterLayout layout;

  public ClusterProcesses(ClusterLayout layout) {
    this.layout = layout;
  }

  /**
   * Starts {@code spec} unless it already runs.
   *
   * @return the running process
   */
  public ProcessHandle start(ProcessSpec spec) throws IOException {
    Optional<ProcessHandle> running = find(spec.name());
    if (running.isPresent()) {
      return running.get();
    }
    Path log = layout.logFile(spec.name());
    Files.createDirectories(log.getParent());
    Files.createDirectories(layout.pidFile(spec.name()).getParent());
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString()); // execs in place: the pid stays the JVM's
    }
    command.addAll(spec.command());
    Files.writeString(
        log,
        "---- " + Instant.now() + " start: " + String.join(" ", spec.command()) + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(new File(".").getAbsoluteFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true);
    builder.environment().putAll(spec.environment());
    Process process = builder.start();
    Files.writeString(layout.pidFile(spec.name()), process.pid() + "\n");
    return process.toHandle();
  }

  /** The running process of {@code name}, if its pid file names a live process of this cluster. */
  public Optional<ProcessHandle> find(String name) {
    Path pidFile = layout.pidFile(name);
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      String marker = "-D" + MARKER_PROPERTY + "=" + ProcessSpec.marker(name, layout.dir());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(
              handle ->
                  handle
                          .info()
                          .arguments()
                          .map(args -> List.of(args).contains(marker))
                          .orElse(false)
                      || handle
                          .info()
                          .commandLine()
                          .map(line -> line.contains(marker))
                          .orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * SIGTERM, then SIGKILL if the process has not exited within {@code deadline}.
   *
   * @return true when it exited on SIGTERM, false when it had to be killed (or was not running)
   */
  public boolean stop(String name, Duration deadline) throws InterruptedException {
    Optional<ProcessHandle> process = find(name);
    if (process.isEmpty()) {
      return false;
    }
    process.get().destroy();
    boolean clean = awaitExit(process.get(), deadline);
    if (!clean) {
      kill(process.get());
    }
    deletePidFile(name);
    return clean;
  }

  /** Sends SIGTERM to every process of {@code names} at once, without waiting. */
  public List<ProcessHandle> signalStop(List<String> names) {
    List<ProcessHandle> signalled = new ArrayList<>();
    for (String name : names) {
      find(name)
          .ifPresent(
              process -> {
                process.destroy();
                signalled.add(process);
              });
    }
    return signalled;
  }

  /** SIGKILL, as the OOM killer or a lost machine would end it; returns once it is gone. */
  public boolean kill(String name) throws InterruptedException {
    Optional<ProcessHandle> process = find(name);
    if (process.isEmpty()) {
      return false;
    }
    kill(process.get());
    return true;
  }

  private static void kill(ProcessHandle process) throws InterruptedException {
    process.destroyForcibly();
    if (!awaitExit(process, Duration.ofSeconds(30))) {
      throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  static boolean awaitExit(ProcessHandle process, Duration deadline) throws InterruptedException {
    CompletableFuture<ProcessHandle> exit = process.onExit();
    try {
      exit.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  void deletePidFile(String name) {
    try {
      Files.deleteIfExists(layout.pidFile(name));
    } catch (IOException e) {
      // a stale pid file is harmless: find() checks the marker
    }
  }
}
