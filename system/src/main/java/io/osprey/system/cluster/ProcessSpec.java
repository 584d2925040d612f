package io.osprey.system.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One process of the local cluster: its name (also the name of its log and pid file) and the {@code
 * java} command line that starts it. Starting the same spec again is a restart, as an orchestrator
 * restarts a container: same arguments, same ports, same data directory.
 *
 * @param name e.g. {@code kafka-1}, {@code flink-taskmanager-2}, {@code scorer-1}
 * @param command the full command line, {@code java} first
 * @param environment variables added to this process's environment
 */
public record ProcessSpec(String name, List<String> command, Map<String, String> environment) {
  public ProcessSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  /**
   * A {@code java} command: this JVM's java, the JVM options, a marker property naming the process
   * and its cluster (so that a pid file is never trusted for another program that got the pid),
   * then the class path, main class and arguments.
   */
  static ProcessSpec java(
      String name,
      Path clusterDir,
      List<String> jvmOptions,
      String classpath,
      String mainClass,
      List<String> arguments,
      Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-D" + ClusterProcesses.MARKER_PROPERTY + "=" + marker(name, clusterDir));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    return new ProcessSpec(name, command, environment);
  }

  static String marker(String name, Path clusterDir) {
    return name + "@" + clusterDir.toAbsolutePath().normalize();
  }
}
