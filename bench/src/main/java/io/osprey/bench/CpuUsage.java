package io.osprey.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the CPU of a benchmark step went, when the system, its broker and the load driver share one
 * JVM and the machine. Java threads are grouped by name (their full names, from the JVM); threads
 * the JVM does not list (JIT compilers, GC, RocksDB's background threads) are grouped by their
 * kernel name from {@code /proc/self/task} (Linux only); the rest of the process time is {@link
 * #JVM_OTHER}; and the other processes on the machine ({@code /proc/stat}) show whether a figure
 * was taken on a busy machine. All figures are in cores: CPU seconds per wall-clock second.
 */
final class CpuUsage {
  /** Process CPU time no group accounts for (GC, VM threads, threads that ended mid-step). */
  static final String JVM_OTHER = "gc and other jvm";

  /** CPU used by other processes on the machine. */
  static final String OTHER_PROCESSES = "other processes";

  /**
   * A group of threads, recognised by name; the first group that matches a thread owns it.
   *
   * @param javaName matches the full name of a Java thread
   * @param kernelName matches the kernel name (15 characters at most) of a thread the JVM does not
   *     list as a Java thread
   */
  record Group(String name, Predicate<String> javaName, Predicate<String> kernelName) {
    /** A group of Java threads only. */
    static Group java(String name, Predicate<String> javaName) {
      return new Group(name, javaName, kernel -> false);
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final Path PROC_STAT = Path.of("/proc/stat");
  private static final Path PROC_TASKS = Path.of("/proc/self/task");
  private static final double CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final List<Group> groups;
  private final String rest;

  /**
   * @param groups thread groups, matched in order
   * @param rest the group of Java threads no other group matches
   */
  CpuUsage(List<Group> groups, String rest) {
    this.groups = List.copyOf(groups);
    this.rest = rest;
  }

  /** The names of the groups in order, then the name of the rest of the Java threads. */
  List<String> names() {
    List<String> names = new ArrayList<>(groups.stream().map(Group::name).toList());
    names.add(rest);
    return names;
  }

  /** A point in time to measure from. */
  Snapshot snapshot() {
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    Map<Long, Long> nanosByThread = new HashMap<>();
    Map<Long, String> groupByThread = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] != null && cpu[i] >= 0) {
        nanosByThread.put(ids[i], cpu[i]);
        groupByThread.put(ids[i], javaGroupOf(infos[i].getThreadName()));
      }
    }
    return new Snapshot(
        System.nanoTime(),
        OS.getProcessCpuTime(),
        machineBusyTicks(),
        nanosByThread,
        groupByThread,
        kernelThreadTicks());
  }

  /**
   * Cores used by each group, {@link #JVM_OTHER} and {@link #OTHER_PROCESSES} between {@code from}
   * and now, in the groups' order.
   */
  Map<String, Double> coresSince(Snapshot from) {
    Snapshot to = snapshot();
    double wallNanos = to.wallNanos - from.wallNanos;
    Map<String, Double> cores = new LinkedHashMap<>();
    groups.forEach(g -> cores.put(g.name(), 0.0));
    cores.put(rest, 0.0);
    long accounted = 0;
    for (Map.Entry<Long, Long> thread : to.nanosByThread.entrySet()) {
      // A thread born during the step spent all its time in it.
      long spent = thread.getValue() - from.nanosByThread.getOrDefault(thread.getKey(), 0L);
      accounted += spent;
      cores.merge(to.groupByThread.get(thread.getKey()), spent / wallNanos, Double::sum);
    }
    for (Map.Entry<Integer, KernelThread> thread : to.kernelThreads.entrySet()) {
      String group = kernelGroupOf(thread.getValue().name());
      if (group != null) {
        KernelThread before = from.kernelThreads.get(thread.getKey());
        long ticks = thread.getValue().ticks() - (before == null ? 0 : before.ticks());
        long nanos = (long) (ticks / CLOCK_TICKS_PER_SECOND * 1e9);
        accounted += nanos;
        cores.merge(group, nanos / wallNanos, Double::sum);
      }
    }
    long processNanos = to.processNanos - from.processNanos;
    cores.put(JVM_OTHER, Math.max(0, processNanos - accounted) / wallNanos);
    if (from.machineTicks >= 0 && to.machineTicks >= 0) {
      double machine = (to.machineTicks - from.machineTicks) / CLOCK_TICKS_PER_SECOND;
      double process = processNanos / 1e9;
      cores.put(OTHER_PROCESSES, Math.max(0, machine - process) / (wallNanos / 1e9));
    }
    return cores;
  }

  private String javaGroupOf(String threadName) {
    for (Group group : groups) {
      if (group.javaName().test(threadName)) {
        return group.name();
      }
    }
    return rest;
  }

  /** The group of a thread the JVM does not list, or null (then it is in {@link #JVM_OTHER}). */
  private String kernelGroupOf(String kernelName) {
    for (Group group : groups) {
      if (group.kernelName().test(kernelName)) {
        return group.name();
      }
    }
    return null;
  }

  /** Busy clock ticks of all CPUs since boot (user, nice, system, irq, softirq), or -1. */
  private static long machineBusyTicks() {
    try {
      String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < fields.length; i++) {
        // Not idle (4), iowait (5), steal (8, the hypervisor's), guest (already in user).
        if (i <= 3 || i == 6 || i == 7) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A thread as the kernel sees it: its name and its CPU clock ticks (user + system). */
  private record KernelThread(String name, long ticks) {}

  /** Every thread of this process by kernel id; empty where there is no {@code /proc}. */
  private static Map<Integer, KernelThread> kernelThreadTicks() {
    Map<Integer, KernelThread> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC_TASKS)) {
      for (Path task : tasks) {
        try {
          // "tid (name) state ...": the name may hold spaces, so fields count from the last ')'.
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String[] fields = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          threads.put(
              Integer.parseInt(task.getFileName().toString()),
              new KernelThread(stat.substring(open + 1, close), ticks));
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return threads;
  }

  /** CPU counters at one moment. */
  static final class Snapshot {
    private final long wallNanos;
    private final long processNanos;
    private final long machineTicks;
    private final Map<Long, Long> nanosByThread;
    private final Map<Long, String> groupByThread;
    private final Map<Integer, KernelThread> kernelThreads;

    private Snapshot(
        long wallNanos,
        long processNanos,
        long machineTicks,
        Map<Long, Long> nanosByThread,
        Map<Long, String> groupByThread,
        Map<Integer, KernelThread> kernelThreads) {
      this.wallNanos = wallNanos;
      this.processNanos = processNanos;
      this.machineTicks = machineTicks;
      this.nanosByThread = nanosByThread;
      this.groupByThread = groupByThread;
      this.kernelThreads = kernelThreads;
    }
  }
}
