package io.osprey.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a report was measured on: figures mean little without it.
 *
 * @param maxHeapBytes the JVM's heap limit (-Xmx): everything a run measures shares it
 * @param loadAverage the machine's 1-minute load average when the figures were taken (NaN when
 *     unknown): on a shared machine, how busy it was
 */
record MachineInfo(
    int cores,
    long memoryBytes,
    String cpu,
    String jvm,
    long maxHeapBytes,
    String os,
    double loadAverage) {

  /** A machine whose load is not known. */
  MachineInfo(int cores, long memoryBytes, String cpu, String jvm, long maxHeapBytes, String os) {
    this(cores, memoryBytes, cpu, jvm, maxHeapBytes, os, Double.NaN);
  }

  static MachineInfo current() {
    long memory =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getTotalMemorySize()
            : -1;
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memory,
        cpuModel(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        loadAverageNow());
  }

  private static double loadAverageNow() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? Double.NaN : load;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  String describe() {
    return String.format(
            Locale.ROOT,
            "%d cores (%s), %.1f GiB memory, %s with a %.1f GiB heap, %s",
            cores,
            cpu,
            gib(memoryBytes),
            jvm,
            gib(maxHeapBytes),
            os)
        + (Double.isNaN(loadAverage)
            ? ""
            : String.format(Locale.ROOT, "; load average %.1f at the start", loadAverage));
  }

  private static double gib(long bytes) {
    return bytes / (1024.0 * 1024 * 1024);
  }
}
