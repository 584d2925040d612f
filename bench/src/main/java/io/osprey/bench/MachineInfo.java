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
 */
record MachineInfo(
    int cores, long memoryBytes, String cpu, String jvm, long maxHeapBytes, String os) {
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
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
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
        os);
  }

  private static double gib(long bytes) {
    return bytes / (1024.0 * 1024 * 1024);
  }
}
