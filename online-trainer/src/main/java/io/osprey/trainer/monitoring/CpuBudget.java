package io.osprey.trainer.monitoring;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Keeps the training thread's CPU at or under a share of one core by sleeping after a step that
 * took it over, so that the trainer yields cores to the scoring path when they share a machine (the
 * embedded demo on 2 cores). Java thread priorities are ignored on Linux, so pacing is the portable
 * way to give way. The trainer then learns and publishes later under load; scoring is never paced.
 * Budgets are measured over windows of about a second, so a long step (a publication review) is
 * paid back by sleeping after it, not cut.
 */
public final class CpuBudget {
  /** No budget: {@link #pace()} returns at once. */
  public static final CpuBudget NONE = new CpuBudget(0, () -> 0, () -> 0, nanos -> {});

  private static final long WINDOW_NANOS = 1_000_000_000L;

  /** Sleeps for a number of nanoseconds. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final double cores;
  private final LongSupplier cpuNanos;
  private final LongSupplier wallNanos;
  private final Sleeper sleeper;
  private long windowCpu;
  private long windowWall;
  private boolean started;

  CpuBudget(double cores, LongSupplier cpuNanos, LongSupplier wallNanos, Sleeper sleeper) {
    this.cores = cores;
    this.cpuNanos = cpuNanos;
    this.wallNanos = wallNanos;
    this.sleeper = sleeper;
  }

  /**
   * A budget of {@code cores} (e.g. 0.5: half a core) for the thread that calls {@link #pace()}; 0
   * or less: none.
   */
  public static CpuBudget of(double cores) {
    if (cores <= 0) {
      return NONE;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      return NONE;
    }
    return new CpuBudget(
        cores, threads::getCurrentThreadCpuTime, System::nanoTime, CpuBudget::sleepNanos);
  }

  /** Call after each unit of work on the paced thread: sleeps while it is over its budget. */
  public void pace() throws InterruptedException {
    if (cores <= 0) {
      return;
    }
    long cpu = cpuNanos.getAsLong();
    long wall = wallNanos.getAsLong();
    if (!started) {
      startWindow(cpu, wall);
      return;
    }
    long allowedWall = (long) ((cpu - windowCpu) / cores);
    long elapsed = wall - windowWall;
    if (allowedWall > elapsed) {
      sleeper.sleep(allowedWall - elapsed);
      wall = wallNanos.getAsLong();
      elapsed = wall - windowWall;
    }
    if (elapsed >= WINDOW_NANOS) {
      startWindow(cpu, wall);
    }
  }

  private void startWindow(long cpu, long wall) {
    windowCpu = cpu;
    windowWall = wall;
    started = true;
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }
}
